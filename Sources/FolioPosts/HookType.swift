import Foundation

/// The kind of opening line a post starts with.
public enum HookType: String, Sendable, Codable, CaseIterable {
    /// A question the post answers.
    case question
    /// A bold or contrarian claim the facts back.
    case boldClaim = "bold-claim"
    /// A real number from the sources.
    case statistic
    /// A change of direction in the project's history.
    case story
    /// A promise of how to do something.
    case howTo = "how-to"

    /// Reads `question`, `bold-claim` (or `claim`, `contrarian`), `statistic`, `story`, `how-to`.
    public init?(name: String) {
        switch name.lowercased() {
        case "claim", "bold", "contrarian", "bold_claim", "boldclaim": self = .boldClaim
        case "howto", "how_to", "promise": self = .howTo
        case "stat", "number": self = .statistic
        default:
            guard let type = HookType(rawValue: name.lowercased()) else { return nil }
            self = type
        }
    }
}

/// What the sources offer each hook type: a real number for a statistic, a change of direction
/// for a story, usage instructions for a how-to.
public struct HookMaterial: Sendable, Equatable {
    /// A sentence of the sources holding a real number (not a version or a date), if any.
    public var statistic: String?
    /// A commit or changelog line telling of a change of direction, if any.
    public var turn: String?
    /// Whether the sources show how to install or use the project.
    public var usage: Bool

    /// Finds the material in `snapshot` and the chosen `evidence`.
    public init(snapshot: RepositorySnapshot, evidence: [EvidencePassage]) {
        // Markdown taken off, as off every fact: GRDB's post opened "The [demo app](Documentation/DemoApps/) was rewritten…".
        statistic = evidence.lazy.flatMap { Self.sentences($0.text) }.first(where: Self.holdsRealNumber).map(FactCandidates.clean)
        let history = snapshot.sources(.commits) + snapshot.sources(.changelog)
        turn = history.lazy.flatMap { $0.text.split(separator: "\n").map(String.init) }
            .first { line in Self.tellsOfATurn(line) && !line.hasPrefix("commit ") }
            .map { FactCandidates.clean($0).trimmingCharacters(in: CharacterSet(charactersIn: "-* \t")) }
        let readme = snapshot.sources(.readme).map(\.text).joined(separator: "\n").lowercased()
        usage = readme.contains("```") || readme.contains("install") || readme.contains("usage")
            || !snapshot.sources(.examples).isEmpty
    }

    /// The type `auto` picks: a statistic only with a real number, a story only with a turn in
    /// the history, else a how-to when the sources show usage, else a question.
    public var automatic: HookType {
        if statistic != nil { return .statistic }
        if turn != nil { return .story }
        return usage ? .howTo : .question
    }

    /// Whether `type` can be written from the sources.
    public func offers(_ type: HookType) -> Bool {
        switch type {
        case .statistic: statistic != nil
        case .story: turn != nil
        default: true
        }
    }

    /// Whether a history line tells of a real change of direction. Looser words ("instead of",
    /// "dropped", "replace", a bare "rewrite") name every small fix or option in a busy history,
    /// and a story hook made of a fix reads as none.
    static func tellsOfATurn(_ line: String) -> Bool {
        let pattern = #"\b(rewrote|rewritten|rewrite of|switch(ed)? (from|to)|migrat(e|ed) (from|to)|mov(e|ed) (from|to)|ported to|redesign(ed)?|pivot(ed)?)\b"#
        return line.range(of: pattern, options: [.regularExpression, .caseInsensitive]) != nil
    }

    /// A number that says something: digits with a unit or a comparison, not a version, date,
    /// year, line number or list index.
    static func holdsRealNumber(_ sentence: String) -> Bool {
        let pattern = #"(?<![\w.\-/])(\d{1,3}(,\d{3})+|\d+(\.\d+)?)\s?(%|x\b|×|times|ms|s\b|seconds|minutes|tokens?|tok/s|mb|gb|kb|files|users|stars|downloads|lines|languages|formats|providers|chapters|words|characters|requests|models|tests)"#
        guard sentence.range(of: pattern, options: [.regularExpression, .caseInsensitive]) != nil else { return false }
        return sentence.count <= 300 && !sentence.contains("```")
    }

    static func sentences(_ text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).flatMap { line in
            line.split(separator: ". ").map { $0.trimmingCharacters(in: .whitespaces) }
        }.filter { !$0.isEmpty && !$0.hasPrefix("|") && !$0.hasPrefix("#") }
    }
}
