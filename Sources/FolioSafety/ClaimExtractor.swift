import Foundation

/// Splits generated text into checkable statements, offline.
///
/// Each prose sentence is a candidate; a long sentence joined by `;` or by `, but` / `, while` /
/// `, whereas` / `, and` becomes one claim per clause when every clause can stand alone. Skipped:
/// headings and code, questions, opinions and hedges ("I think", "arguably"), calls to action,
/// and pure style — a sentence with fewer than three content words.
public struct ClaimExtractor: Sendable {
    /// Tuning.
    public struct Options: Sendable, Equatable {
        /// A claim needs at least this many content words.
        public var minimumContentWords: Int
        /// A clause needs at least this many words to be split off as a claim of its own.
        public var minimumClauseWords: Int

        /// Creates options.
        public init(minimumContentWords: Int = 3, minimumClauseWords: Int = 5) {
            self.minimumContentWords = minimumContentWords
            self.minimumClauseWords = minimumClauseWords
        }
    }

    /// Tuning.
    public var options: Options

    /// Creates an extractor.
    public init(options: Options = Options()) {
        self.options = options
    }

    /// The checkable claims of `text`, in order.
    public func claims(in text: String) -> [Claim] {
        SentenceSplitter.sentences(in: text).flatMap { sentence -> [Claim] in
            guard sentence.kind == .prose, isCheckable(sentence.text) else { return [] }
            let clauses = self.clauses(of: sentence.text).filter(isCheckable)
            return clauses.map { Claim(text: $0, sentence: sentence.text, line: sentence.firstLine) }
        }
    }

    /// Whether a sentence states something that sources could support or refute.
    public func isCheckable(_ sentence: String) -> Bool {
        let trimmed = sentence.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasSuffix("?") || trimmed.hasSuffix("?\"") || trimmed.hasSuffix("?”") { return false }
        let lower = trimmed.lowercased()
        if Self.opinionMarkers.contains(where: { lower.hasPrefix($0) || lower.contains(" " + $0) }) { return false }
        let words = TextFacts.words(trimmed)
        if let first = words.first?.lowercased(), Self.imperatives.contains(first) { return false }
        return TextFacts(trimmed).stems.count >= options.minimumContentWords
    }

    /// The clauses of a sentence that each stand alone, or the sentence itself.
    func clauses(of sentence: String) -> [String] {
        var parts = [sentence]
        for separator in ["; ", ", but ", ", while ", ", whereas ", ", and "] {
            parts = parts.flatMap { part -> [String] in
                let pieces = part.components(separatedBy: separator)
                guard pieces.count > 1,
                      pieces.allSatisfy({ TextFacts.words($0).count >= options.minimumClauseWords }) else { return [part] }
                return pieces.enumerated().map { index, piece in
                    var clause = piece.trimmingCharacters(in: .whitespaces)
                    if index > 0, let first = clause.first { clause = first.uppercased() + clause.dropFirst() }
                    if index < pieces.count - 1, !clause.hasSuffix(".") { clause += "." }
                    return clause
                }
            }
        }
        return parts
    }

    /// Phrases that make a sentence an opinion, a hedge or an address to the reader.
    static let opinionMarkers: [String] = [
        "i think", "i believe", "i feel", "i love", "i hope", "in my opinion", "in my view", "we think",
        "we believe", "we love", "we hope", "arguably", "it seems", "seems to me", "personally", "imho",
        "i'd say", "i would say", "you'll love", "you will love", "you should", "you might", "you may want",
        "let's", "let us", "what do you think", "stay tuned", "give it a try", "check it out",
    ]

    /// First words of calls to action and instructions.
    static let imperatives: Set<String> = [
        "imagine", "try", "check", "join", "follow", "share", "subscribe", "click", "read", "install", "run",
        "see", "consider", "remember", "note", "let", "don't", "thanks", "thank", "welcome", "hello", "hi",
        "contact", "email", "call", "visit", "download", "sign", "grab", "start", "learn", "discover",
    ]
}
