import FolioPublishing
import Foundation

/// The sentences of the evidence a fact may be: prose (no code, tables or headings), 6 to 40
/// words, each with the file and lines it stands on.
enum FactCandidates {
    /// Candidates from `evidence`, best passage first, at most `limit`.
    static func from(_ evidence: [EvidencePassage], snapshot: RepositorySnapshot, limit: Int = 10) -> [PostFact] {
        var facts: [PostFact] = []
        var seen = Set<String>()
        for passage in evidence {
            guard let source = snapshot.sources.first(where: { $0.path == passage.file }) else { continue }
            let range = paragraphs(of: source, around: passage.firstLine...max(passage.firstLine, passage.lastLine))
            for fact in sentences(of: source, lines: range, kind: passage.kind)
            where seen.insert(fact.text.lowercased()).inserted {
                facts.append(fact)
                if facts.count == limit { return facts }
            }
        }
        return facts
    }

    /// `range` widened to whole paragraphs (up to 15 lines each way), so a passage cut by the
    /// chunker gives whole sentences, not halves.
    static func paragraphs(of source: RepositorySource, around range: ClosedRange<Int>) -> ClosedRange<Int> {
        let lines = source.text.split(separator: "\n", omittingEmptySubsequences: false)
        func inside(_ number: Int) -> Bool {
            lines.indices.contains(number - 1) && !lines[number - 1].trimmingCharacters(in: .whitespaces).isEmpty
                && !lines[number - 1].hasPrefix("```")
        }
        var (first, last) = (range.lowerBound, range.upperBound)
        while first > max(1, range.lowerBound - 15), inside(first - 1) { first -= 1 }
        while last < range.upperBound + 15, inside(last + 1) { last += 1 }
        return first...last
    }

    /// The prose sentences of `source` within `lines`.
    static func sentences(of source: RepositorySource, lines range: ClosedRange<Int>, kind: SourceKind) -> [PostFact] {
        let lines = source.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard !lines.isEmpty else { return [] }
        // A fence opened before the range is still open inside it.
        let code = MarkdownCode.lines(Array(lines.prefix(range.upperBound)))
        var text = ""
        var lineOfOffset: [Int] = []
        func flush(into facts: inout [PostFact]) {
            facts += split(text, lines: lineOfOffset, file: source.path, kind: kind)
            text = ""
            lineOfOffset = []
        }
        var facts: [PostFact] = []
        for number in range where number <= lines.count {
            let raw = lines[number - 1].trimmingCharacters(in: .whitespaces)
            let prose = !code[number - 1] && !raw.isEmpty && !raw.hasPrefix("|") && !raw.hasPrefix("#") && !raw.hasPrefix("<")
                && !(kind == .commits && raw.hasPrefix("commit "))
            guard prose else { flush(into: &facts); continue }
            // A list item starts a sentence of its own.
            if raw.range(of: #"^([-*+]|\d+[.)])\s"#, options: .regularExpression) != nil { flush(into: &facts) }
            let cleaned = clean(raw) + " "
            text += cleaned
            lineOfOffset += Array(repeating: number, count: cleaned.count)
        }
        flush(into: &facts)
        return facts
    }

    private static func split(_ text: String, lines: [Int], file: String, kind: SourceKind) -> [PostFact] {
        var facts: [PostFact] = []
        var start = 0
        let characters = Array(text)
        for (offset, character) in characters.enumerated() {
            let atEnd = offset == characters.count - 1
            let ends = ".!?".contains(character) && (atEnd || characters[offset + 1] == " ")
                && !endsAbbreviation(characters[start...offset])
            guard ends || atEnd else { continue }
            let sentence = String(characters[start...offset]).trimmingCharacters(in: .whitespaces)
            let words = sentence.split(separator: " ").count
            if (6...40).contains(words), sentence.first?.isLetter == true, !sentence.hasSuffix(":"),
               sentence.filter({ $0 == "/" || $0 == "=" || $0 == "_" }).count < 3 {
                facts.append(PostFact(text: sentence, file: file, firstLine: lines[start], lastLine: lines[offset], kind: kind.rawValue))
            }
            start = offset + 1
        }
        return facts
    }

    /// Whether `text` ends with an abbreviation's full stop, not a sentence's: swift-metrics'
    /// "…or maybe a cross-platform (e.g. Linux, macOS) application…" came out as two facts,
    /// the first ending "(e.g.".
    static func endsAbbreviation(_ text: ArraySlice<Character>) -> Bool {
        let word = String(text.reversed().prefix { $0 != " " && $0 != "(" }.reversed()).lowercased()
        return abbreviations.contains(word)
    }

    /// Abbreviations written with a full stop that a sentence goes on after.
    static let abbreviations: Set = ["e.g.", "i.e.", "vs.", "cf.", "approx.", "mr.", "mrs.", "ms.", "dr.", "no.", "fig."]

    /// Markdown taken off a line: list markers, emphasis, code ticks, links (their text kept).
    static func clean(_ line: String) -> String {
        var line = line.replacingOccurrences(of: #"^([-*+>]|\d+[.)])\s+"#, with: "", options: .regularExpression)
        line = line.replacingOccurrences(of: #"!?\[([^\]]*)\]\([^)]*\)"#, with: "$1", options: .regularExpression)
        for mark in ["**", "__", "`"] { line = line.replacingOccurrences(of: mark, with: "") }
        // Single-mark emphasis ("*values over time*", "_order_"), not a snake_case word's underscores.
        line = line.replacingOccurrences(of: #"(?<![\p{L}\p{N}*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\p{L}\p{N}*])"#, with: "$1",
                                         options: .regularExpression)
        line = line.replacingOccurrences(of: #"(?<![\p{L}\p{N}_])_(?=\S)([^_]+?)(?<=\S)_(?![\p{L}\p{N}_])"#, with: "$1",
                                         options: .regularExpression)
        return line.trimmingCharacters(in: .whitespaces)
    }
}
