import Foundation

/// Finds credentials in text: the ported gitleaks rules, then a generic entropy check for long
/// random-looking tokens that no rule names.
public struct SecretScanner: Sendable {
    /// A compiled rule.
    struct Compiled: @unchecked Sendable {
        // NSRegularExpression is immutable and documented as safe to use from many threads.
        var rule: SecretRule
        var pattern: NSRegularExpression
        var allow: [NSRegularExpression]
    }

    /// Tuning of the generic entropy check.
    public struct EntropyCheck: Sendable, Equatable {
        /// Tokens shorter than this are never flagged.
        public var minimumLength: Int
        /// Minimum Shannon entropy, in bits per character.
        public var minimumEntropy: Double

        /// Creates a check; the defaults leave out hex digests (at most 4 bits per character),
        /// words and paths, and catch 32+ character mixed-case random tokens.
        public init(minimumLength: Int = 32, minimumEntropy: Double = 4.5) {
            self.minimumLength = minimumLength
            self.minimumEntropy = minimumEntropy
        }
    }

    let rules: [Compiled]
    /// The generic check, or nil for rules only.
    public let entropyCheck: EntropyCheck?

    /// Compiles `ruleSet` (the bundled one by default).
    public init(ruleSet: SecretRuleSet? = nil, entropyCheck: EntropyCheck? = EntropyCheck()) throws {
        let set = try ruleSet ?? SecretRuleSet.bundled()
        rules = try set.rules.map { rule in
            do {
                return Compiled(rule: rule, pattern: try NSRegularExpression(pattern: rule.regex),
                                allow: try rule.allowRegexes.map { try NSRegularExpression(pattern: $0) })
            } catch {
                throw SafetyError.resource("secret-rules.json", "rule \(rule.id): \(error)")
            }
        }
        self.entropyCheck = entropyCheck
    }

    /// The ids of the loaded rules.
    public var ruleIDs: [String] { rules.map(\.rule.id) }

    /// Every secret in `text`: (rule id, the secret, its range in `text`).
    public func secrets(in text: String) -> [(rule: String, secret: String, range: Range<String.Index>)] {
        var found: [(rule: String, secret: String, range: Range<String.Index>)] = []
        let lower = text.lowercased()
        let whole = NSRange(text.startIndex..., in: text)
        for compiled in rules where compiled.rule.keywords.isEmpty || compiled.rule.keywords.contains(where: lower.contains) {
            for match in compiled.pattern.matches(in: text, range: whole) {
                guard let matchRange = Range(match.range, in: text) else { continue }
                let secretRange = Self.secretRange(match, group: compiled.rule.secretGroup, in: text) ?? matchRange
                let secret = String(text[secretRange])
                let matched = String(text[matchRange])
                if compiled.rule.entropy > 0, Self.entropy(secret) < compiled.rule.entropy { continue }
                if compiled.allow.contains(where: { $0.firstMatch(in: matched, range: NSRange(matched.startIndex..., in: matched)) != nil }) {
                    continue
                }
                if compiled.rule.stopWords.contains(where: { secret.lowercased().contains($0.lowercased()) }) { continue }
                if found.contains(where: { $0.range.overlaps(secretRange) }) { continue }
                found.append((compiled.rule.id, secret, secretRange))
            }
        }
        if let check = entropyCheck {
            for (token, range) in Self.tokens(text) where token.count >= check.minimumLength {
                guard !found.contains(where: { $0.range.overlaps(range) }),
                      token.contains(where: \.isNumber), token.contains(where: \.isUppercase),
                      token.contains(where: \.isLowercase), Self.entropy(token) >= check.minimumEntropy else { continue }
                found.append(("high-entropy-string", token, range))
            }
        }
        return found.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    /// The range of the secret group of `match`.
    private static func secretRange(_ match: NSTextCheckingResult, group: Int?, in text: String) -> Range<String.Index>? {
        if let group {
            return group < match.numberOfRanges ? Range(match.range(at: group), in: text) : nil
        }
        for index in 1..<max(1, match.numberOfRanges) {
            if let range = Range(match.range(at: index), in: text), !range.isEmpty { return range }
        }
        return nil
    }

    /// Runs of characters that can make up a token (letters, digits, `+/=_-`).
    static func tokens(_ text: String) -> [(String, Range<String.Index>)] {
        var tokens: [(String, Range<String.Index>)] = []
        var start: String.Index?
        var index = text.startIndex
        func isTokenCharacter(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber || "+/=_-".contains(c)) }
        while index < text.endIndex {
            if isTokenCharacter(text[index]) {
                if start == nil { start = index }
            } else if let begin = start {
                tokens.append((String(text[begin..<index]), begin..<index))
                start = nil
            }
            index = text.index(after: index)
        }
        if let begin = start { tokens.append((String(text[begin...]), begin..<text.endIndex)) }
        return tokens
    }

    /// Shannon entropy of `text` in bits per character.
    public static func entropy(_ text: String) -> Double {
        guard !text.isEmpty else { return 0 }
        var counts: [Character: Int] = [:]
        for character in text { counts[character, default: 0] += 1 }
        let total = Double(text.count)
        return counts.values.reduce(0) { sum, count in
            let p = Double(count) / total
            return sum - p * log2(p)
        }
    }
}
