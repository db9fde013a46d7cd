import Foundation

/// A project's name as its sources write it, to hold a post's pieces to it: the bundled model
/// made names common nouns ("What's the best way to use the ink?" for Ink, "the Swift system"
/// for swift-system) and wrote "Swift-log" for swift-log.
///
/// A spelling counts only as a word of prose, not inside a path or address
/// ("github.com/johnsundell/ink", "Ink.swift").
struct ProjectName: Sendable {
    /// The name, as the repository gives it.
    let name: String
    /// The spellings the sources use, each with how often.
    private let spellings: [String: Int]
    private let pattern: String?

    /// The name `name` as `sources` write it.
    init(_ name: String, sources: [String]) {
        self.name = name
        let parts = name.split { !$0.isLetter && !$0.isNumber }.map { NSRegularExpression.escapedPattern(for: String($0)) }
        pattern = parts.isEmpty ? nil
            : #"(?<![\p{L}\p{N}/.\-_])"# + parts.joined(separator: #"[\s\-_]?"#) + #"(?![\p{L}\p{N}/\-_]|\.\p{L})"#
        var counts: [String: Int] = [:]
        for text in [name] + sources {
            for range in Self.matches(of: pattern, in: text) { counts[String(text[range]), default: 0] += 1 }
        }
        spellings = counts
    }

    /// Whether `line` names the project as a word of its own, in any spelling ("FolioBench" does
    /// not name Folio; "Swift Collections" names swift-collections).
    func isNamed(in line: String) -> Bool {
        !Self.matches(of: pattern, in: line).isEmpty
    }

    /// The way `line` writes the name that no source does, if any.
    func misspelling(in line: String) -> String? {
        Self.matches(of: pattern, in: line).map { String(line[$0]) }.first { spellings[$0] == nil }
    }

    /// `line` with the name written as the sources write it most often, and a "the" before a
    /// name made a common noun taken out ("use the ink" → "use Ink").
    func spelledAsTheSources(_ line: String) -> String {
        guard let usual = spellings.max(by: { ($0.value, $1.key) < ($1.value, $0.key) })?.key else { return line }
        var result = line
        for range in Self.matches(of: pattern, in: line).reversed() where spellings[String(line[range])] == nil {
            var start = range.lowerBound
            let before = line[..<start]
            if let article = before.range(of: #"\bthe\s+$"#, options: [.regularExpression, .caseInsensitive]) {
                start = article.lowerBound
            }
            let lower = result.index(result.startIndex, offsetBy: line.distance(from: line.startIndex, to: start))
            let upper = result.index(result.startIndex, offsetBy: line.distance(from: line.startIndex, to: range.upperBound))
            result.replaceSubrange(lower..<upper, with: usual)
        }
        return result
    }

    private static func matches(of pattern: String?, in text: String) -> [Range<String.Index>] {
        guard let pattern, let regex = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]) else { return [] }
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { Range($0.range, in: text) }
    }
}
