/// Which content words of a text a negation governs: the few content words after a cue (`not`,
/// `no`, `never`, `neither`, `nor`, `without`, `lacks`, `…n't`), up to the end of its clause.
///
/// "chartkit has neither a podcast studio nor a radio" negates `podcast`, `studio` and `radio`;
/// "chartkit has a podcast studio" negates nothing. A claim and a passage that share a word but
/// disagree on whether it is negated say opposite things about it, however similar they look.
struct NegationScope: Sendable, Equatable {
    /// Stems of the content words under a negation.
    let negated: Set<String>
    /// Stems in order of first appearance.
    let order: [String]

    /// Content words a cue reaches.
    static let reach = 4

    /// Analyses `text`.
    init(_ text: String) {
        var negated = Set<String>()
        var order: [String] = []
        var seen = Set<String>()
        var remaining = 0
        for token in Self.tokens(text) {
            guard let word = token else { remaining = 0; continue }  // a clause ends
            let lower = word.lowercased()
            if TextFacts.negations.contains(lower) || lower.hasSuffix("n't") {
                remaining = Self.reach
                continue
            }
            if ["but", "although", "though", "however", "while", "whereas", "which", "who"].contains(lower) {
                remaining = 0
                continue
            }
            guard !TextFacts.stopWords.contains(lower) else { continue }
            let stem = TextFacts.number(lower) ?? TextFacts.stem(lower)
            if seen.insert(stem).inserted { order.append(stem) }
            if remaining > 0 {
                negated.insert(stem)
                remaining -= 1
            }
        }
        self.negated = negated
        self.order = order
    }

    /// Words of `text`, with nil where a clause breaks (`,` `;` `:` `.` `!` `?` `(` `)` and dashes).
    static func tokens(_ text: String) -> [String?] {
        var tokens: [String?] = []
        var current = ""
        for character in text {
            if character.isLetter || character.isNumber || character == "'" || character == "’" {
                current.append(character == "’" ? "'" : character)
                continue
            }
            if !current.isEmpty { tokens.append(current); current = "" }
            if ",;:.!?()—–".contains(character) { tokens.append(nil) }
        }
        if !current.isEmpty { tokens.append(current) }
        return tokens
    }

    /// Share of `shared` stems negated in one text and not the other (0 when none are shared).
    static func mismatch(_ claim: NegationScope, _ passage: NegationScope, shared: Set<String>) -> Double {
        guard !shared.isEmpty else { return 0 }
        let differing = shared.filter { claim.negated.contains($0) != passage.negated.contains($0) }
        return Double(differing.count) / Double(shared.count)
    }

    /// Share of pairs of `names` (both in each text) that the passage puts in the other order:
    /// "Acme bought Widgetco" against "Widgetco bought Acme" (0 with fewer than two shared).
    static func reversal(_ claim: NegationScope, _ passage: NegationScope, names: Set<String>) -> Double {
        let positions = Dictionary(passage.order.enumerated().map { ($1, $0) }) { first, _ in first }
        let shared = claim.order.filter { names.contains($0) && positions[$0] != nil }
        guard shared.count > 1 else { return 0 }
        var pairs = 0
        var reversed = 0
        for (i, first) in shared.enumerated() {
            for second in shared.dropFirst(i + 1) {
                pairs += 1
                if positions[first]! > positions[second]! { reversed += 1 }
            }
        }
        return Double(reversed) / Double(pairs)
    }
}
