import Foundation

/// A fact cut into its clauses, for body sentences the bundled model makes by leaving clauses
/// out (`POST_BODY=trim`).
///
/// Asked to put a fact in its own words, the 135M model recombined them into falsehoods that
/// every word check passes ("Python 3.8 removed the deprecated Python 3.5", from "Python 3.5
/// deprecated this function, and Python 3.8 removed it"). Held by a grammar to the fact's first
/// clause and any of the others in their order, it can only shorten: each sentence it writes
/// says what its source says. Word by word deletion was tried first and still made falsehoods
/// ("Python 3.5 deprecated Python 3.8"), so the units are clauses.
struct ClauseTrim: Sendable, Equatable {
    /// The clauses in order, each later one with the punctuation that opens it (", and saves…").
    let clauses: [String]
    /// What may stand for a leading "It"/"This": the project's name.
    let name: String

    /// Cuts `fact` (its closing punctuation dropped) before each `, `, `: `, `; `, ` — ` and ` (`
    /// outside parentheses, so a parenthesis stays whole.
    init(fact: String, name: String) {
        self.name = name
        let text = PostPipeline.trimmedEnd(fact.trimmingCharacters(in: .whitespacesAndNewlines))
        var clauses: [String] = []
        var current = ""
        var depth = 0
        let characters = Array(text)
        for (index, character) in characters.enumerated() {
            let next = index + 1 < characters.count ? characters[index + 1] : nil
            let opens = depth == 0 && !current.isEmpty
                && ((",:;".contains(character) && next == " ") || (character == " " && (next == "(" || next == "—")))
            if opens {
                clauses.append(current)
                current = ""
            }
            if character == "(" { depth += 1 }
            if character == ")" { depth = max(0, depth - 1) }
            current.append(character)
        }
        if !current.isEmpty { clauses.append(current) }
        // A fact cut from the middle of a sentence ("responses are cached…") opens a post's
        // sentence; a project spelt in lower case ("distro") keeps its spelling.
        if let first = clauses.first?.first, first.isLowercase, !clauses[0].lowercased().hasPrefix(name.lowercased() + " ") {
            clauses[0] = first.uppercased() + clauses[0].dropFirst()
        }
        self.clauses = clauses
    }

    /// The first clause's leading pronoun, which the project's name may replace.
    private var pronoun: String? {
        guard let first = clauses.first else { return nil }
        return ["It ", "This "].first { first.hasPrefix($0) }
    }

    /// The GBNF grammar of every sentence this trim allows: the first clause (its leading "It"
    /// or "This" or the project's name), then each later clause or not, then a full stop.
    var grammar: String {
        guard let first = clauses.first else { return "root ::= \"\"" }
        var opening = Self.literal(first)
        if let pronoun {
            opening = "(" + Self.literal(pronoun) + " | " + Self.literal(name + " ") + ") " + Self.literal(String(first.dropFirst(pronoun.count)))
        }
        let rest = clauses.dropFirst().map { "(" + Self.literal($0) + ")?" }
        return "root ::= " + ([opening] + rest + ["\".\""]).joined(separator: " ")
    }

    /// Whether `line` is one of the sentences the grammar allows (its closing punctuation aside),
    /// for answers from tiers that do not take a grammar.
    func accepts(_ line: String) -> Bool {
        let text = PostPipeline.trimmedEnd(line.trimmingCharacters(in: .whitespacesAndNewlines))
        guard let first = clauses.first else { return false }
        let openings = [first] + (pronoun.map { [name + " " + first.dropFirst($0.count)] } ?? [])
        guard let opening = openings.first(where: { text.hasPrefix($0) }) else { return false }
        var rest = Substring(text.dropFirst(opening.count))
        for clause in clauses.dropFirst() where rest.hasPrefix(clause) {
            rest = rest.dropFirst(clause.count)
        }
        return rest.isEmpty
    }

    /// `text` as a GBNF string literal.
    static func literal(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            case "\t": escaped += "\\t"
            default: escaped.append(character)
            }
        }
        return "\"" + escaped + "\""
    }
}
