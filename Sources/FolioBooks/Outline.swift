import FolioCore
import Foundation

/// A parsed, validated table of contents: a book summary and one entry per chapter.
public struct Outline: Sendable, Equatable {
    /// A short summary of the whole book.
    public var summary: String
    /// The chapters, numbered from 1.
    public var chapters: [OutlineEntry]

    /// Tokens enough for an answer that fills every length the schema allows.
    public static func tokenLimit(chapterCount: Int) -> Int {
        160 + chapterCount * 100
    }

    /// The JSON schema the model's answer must follow, for `chapterCount` chapters.
    public static func jsonSchema(chapterCount: Int) -> String {
        """
        {"type":"object","properties":{"summary":{"type":"string","minLength":1,"maxLength":300},\
        "chapters":{"type":"array","minItems":\(chapterCount),"maxItems":\(chapterCount),\
        "items":{"type":"object","properties":{"title":{"type":"string","minLength":3,"maxLength":60},\
        "summary":{"type":"string","minLength":10,"maxLength":300}},"required":["title","summary"],\
        "additionalProperties":false}}},"required":["summary","chapters"],"additionalProperties":false}
        """
    }

    /// The schema of one chapter asked for on its own.
    public static let entrySchema = """
        {"type":"object","properties":{"title":{"type":"string","minLength":3,"maxLength":60},\
        "summary":{"type":"string","minLength":10,"maxLength":300}},"required":["title","summary"],\
        "additionalProperties":false}
        """

    /// The schema of one chapter planned on its own by a small model: a short title and one
    /// sentence, with limits that stop a runaway answer early (a plan's calls are time outside
    /// writing, and the bundled model runs a sentence on to whatever limit it is given).
    ///
    /// The title is `name`: requests go out with sorted keys and llama.cpp writes an object's
    /// properties in the schema's order, so "name" comes before "summary". Written after a
    /// summary the limit had cut, a title was the rest of that sentence (", the captain, ").
    /// The summary is one sentence: the grammar lets it end only with its first full stop.
    /// Over 72 draws of the bundled model (4 books, 3 chapters, 6 seeds), 26 % were clean (a
    /// title, one whole sentence) when the title came after a summary cut at 150 characters;
    /// 74 % are now, with the question asking for a sentence under 20 words.
    public static let stepSchema = """
        {"type":"object","properties":{"name":{"type":"string","minLength":3,"maxLength":\(stepTitleCharacters)},\
        "summary":{"type":"string","pattern":"^[^\\".!?]{20,\(stepSummaryCharacters)}[.!?]$"}},"required":["name","summary"],\
        "additionalProperties":false}
        """

    /// The longest title ``stepSchema`` allows. At 40, "Auntie Betty's Guide to a First Million"
    /// came back on every redraw, each rejected as cut at the limit.
    static let stepTitleCharacters = 48

    /// Tokens enough for an answer that fills ``stepSchema``.
    static let stepTokenLimit = 90

    /// The schema of the book's summary asked for on its own.
    public static let summarySchema = """
        {"type":"object","properties":{"summary":{"type":"string","minLength":10,"maxLength":300}},\
        "required":["summary"],"additionalProperties":false}
        """

    /// One chapter from an answer following ``entrySchema`` or ``stepSchema``; `nil` when it has none.
    static func parseEntry(_ text: String, number: Int) -> OutlineEntry? {
        // A step's summary is judged as the grammar left it, before any spacing is tidied.
        let wire: Wire.Chapter? = decodeObject(text) ?? (decodeObject(text) as Wire.Step?).map {
            Wire.Chapter(title: $0.name, summary: $0.summary.map(unforced))
        }
        guard let wire else { return nil }
        let title = collapsingRepeats(clean(wire.title))
        guard title.contains(where: \.isLetter) else { return nil }
        return OutlineEntry(number: number, title: title, summary: withoutTitleLabel(clean(wire.summary ?? ""), title: title))
    }

    /// `summary` without a label made of its own title's words ("Unearned Savings: Save…" under
    /// "The Unearned Savings"): the bundled model heads a summary with its title, which a
    /// chapter's plan sentence then carries into its prompt as a label to print back.
    static func withoutTitleLabel(_ summary: String, title: String) -> String {
        guard let colon = summary.firstIndex(of: ":") else { return summary }
        let label = WordRuns.words(String(summary[..<colon]))
        let rest = summary[summary.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        guard !label.isEmpty, label.count <= 6, rest.contains(where: \.isLetter),
              Set(label).isSubset(of: WordRuns.words(title)) else { return summary }
        return rest.prefix(1).uppercased() + rest.dropFirst()
    }

    /// `text` without a last sentence cut off by a length limit, when a whole one comes before it:
    /// a runaway summary stopped by the schema's limit keeps its first sentences. A single
    /// sentence cut off keeps its whole clauses (up to its last comma), ended, when they say
    /// enough; the bundled model often runs one sentence on past the limit.
    static func wholeSentences(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let last = trimmed.last, !".!?\"”".contains(last) else { return trimmed }
        if let end = trimmed.lastIndex(where: { ".!?".contains($0) }) { return String(trimmed[...end]) }
        if let comma = trimmed.lastIndex(of: ","), WordRuns.words(String(trimmed[..<comma])).count >= 6 {
            return String(trimmed[..<comma]) + "."
        }
        // Cut at a step's limit with no comma to fall back to: it ends at its last clause ("…explore the
        // power of trust and the importance of a l", "…with his crew when he stumbled upon a map").
        if trimmed.count >= stepSummaryCharacters - 1, let clause = lastClause(of: trimmed) { return clause + "." }
        return trimmed
    }

    /// `text` up to the last word that opens a clause, when at least six words come before it.
    static func lastClause(of text: String) -> String? {
        let openers = [" and ", " but ", " when ", " while ", " where ", " as ", " who ", " which ", " that "]
        let breaks = openers.compactMap { text.range(of: $0, options: [.backwards, .caseInsensitive])?.lowerBound }
        guard let end = breaks.max(), WordRuns.words(String(text[..<end])).count >= 6 else { return nil }
        return String(text[..<end])
    }

    /// A step summary without the stop ``stepSchema`` forced on it at its length limit: one that
    /// long was cut there ("…does he fall into a logical imp."), and is trimmed as cut.
    static func unforced(_ summary: String) -> String {
        summary.count > stepSummaryCharacters ? String(summary.dropLast()) : summary
    }

    /// The most characters a step summary has before its closing stop (``stepSchema``).
    static let stepSummaryCharacters = 150

    /// `text` ending as a sentence does: a summary with no closing punctuation gets a full stop,
    /// so that two joined summaries read as two sentences.
    static func ended(_ text: String) -> String {
        guard let last = text.last, last.isLetter || last.isNumber else { return text }
        return text + "."
    }

    /// The book's summary of a plan drawn one chapter at a time: its first and last chapters'
    /// sentences, or the first alone when the two share a run of words (a summary that says
    /// the same thing twice). Never asked of the model: in a quick-start book, three calls to
    /// mend such a summary took 0.8 s and ended on "The Lost One", worse than the sentences
    /// the model had just planned.
    static func summary(ofPlan chapters: [OutlineEntry]) -> String {
        let ends = chapters.count > 1 ? [chapters[0], chapters[chapters.count - 1]] : chapters
        let joined = ends.map { ended($0.summary) }.joined(separator: " ")
        guard let first = ends.first, OutlineReview.repeatedRun(WordRuns.words(joined)) != nil else { return joined }
        return ended(first.summary)
    }

    /// The book's summary from an answer following ``summarySchema``; `nil` when it has none.
    static func parseSummary(_ text: String) -> String? {
        struct Wire: Decodable { var summary: String }
        guard let wire: Wire = decodeObject(text) else { return nil }
        let summary = clean(wire.summary)
        return summary.isEmpty ? nil : summary
    }

    private static func decodeObject<T: Decodable>(_ text: String) -> T? {
        guard let start = text.firstIndex(of: "{"), let end = text.lastIndex(of: "}"), start < end else { return nil }
        return try? JSONDecoder().decode(T.self, from: Data(text[start...end].utf8))
    }

    /// Parses a model's answer: a JSON object `{"summary", "chapters": [{"title", "summary"}]}`,
    /// possibly inside a code fence or surrounded by prose.
    ///
    /// - Throws: `OutlineError` saying what is wrong, phrased so it can be sent back to the model.
    public static func parse(_ text: String, expectedChapters: Int) throws(OutlineError) -> Outline {
        guard let start = text.firstIndex(of: "{"), let end = text.lastIndex(of: "}"), start < end else {
            throw OutlineError("the answer contains no JSON object")
        }
        let json = Data(text[start...end].utf8)
        let wire: Wire
        do {
            wire = try JSONDecoder().decode(Wire.self, from: json)
        } catch {
            throw OutlineError("the JSON is malformed or lacks \"summary\" and \"chapters\" with \"title\" and \"summary\"")
        }
        guard wire.chapters.count >= expectedChapters else {
            throw OutlineError("it lists \(wire.chapters.count) chapters; exactly \(expectedChapters) are needed")
        }
        var chapters: [OutlineEntry] = []
        for (index, chapter) in wire.chapters.prefix(expectedChapters).enumerated() {
            let title = collapsingRepeats(clean(chapter.title))
            guard title.contains(where: \.isLetter) else {
                throw OutlineError("chapter \(index + 1) has no real title (\"\(title)\")")
            }
            chapters.append(OutlineEntry(number: index + 1, title: title, summary: clean(chapter.summary ?? "")))
        }
        return Outline(summary: clean(wire.summary ?? ""), chapters: chapters)
    }

    /// A title that is one phrase said again and again ("The Lost Man, The Lost Man, The Lost
    /// Man", as the bundled model looped) as that phrase once: a loop cut, as the chapter guard
    /// cuts them in prose. Any other title is returned as it is.
    static func collapsingRepeats(_ title: String) -> String {
        let parts = title.components(separatedBy: CharacterSet(charactersIn: ",;:–—-"))
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        // Twice may be meant ("New York, New York"); three times is a loop.
        if parts.count >= 3, Set(parts.map { $0.lowercased() }).count == 1 { return parts[0] }
        let words = title.split(separator: " ").map(String.init)
        for length in stride(from: 1, through: words.count / 3, by: 1) where words.count % length == 0 {
            let chunks = stride(from: 0, to: words.count, by: length).map { words[$0..<($0 + length)].joined(separator: " ").lowercased() }
            if Set(chunks).count == 1 { return words.prefix(length).joined(separator: " ") }
        }
        return title
    }

    /// Collapses white space and strips a leading "Chapter N:" the model may add to titles.
    private static func clean(_ text: String) -> String {
        var words = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        if let range = words.range(of: #"^(Chapter|CHAPTER)\s+\d+\s*[:.\-–—]\s*"#, options: .regularExpression) {
            words.removeSubrange(range)
        }
        return words.trimmingCharacters(in: CharacterSet(charactersIn: "\"' "))
    }

    private struct Wire: Decodable {
        struct Chapter: Decodable {
            var title: String
            var summary: String?
        }

        /// One chapter as ``Outline/stepSchema`` has it: its title is `name`.
        struct Step: Decodable {
            var name: String
            var summary: String?
        }
        var summary: String?
        var chapters: [Chapter]
    }
}

/// Why a model's outline was rejected.
public struct OutlineError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong with the outline.
    public let reason: String

    init(_ reason: String) { self.reason = reason }

    public var description: String { reason }
}
