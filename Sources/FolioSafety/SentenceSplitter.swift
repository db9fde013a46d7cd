import Foundation

/// Splits text (plain or Markdown) into sentences, keeping the lines each one spans.
///
/// Paragraphs end at blank lines; headings, list items, table rows and fenced code lines are
/// units of their own. Inside a unit, a sentence ends at `.`, `!` or `?` followed by a space and
/// a capital, digit or quote, except after a known abbreviation, an initial or a decimal point.
public enum SentenceSplitter {
    /// Words after which a full stop does not end a sentence.
    static let abbreviations: Set<String> = [
        "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "vs", "etc", "e.g", "i.e", "inc", "ltd",
        "co", "corp", "no", "nos", "fig", "figs", "vol", "pp", "approx", "u.s", "u.k", "jan", "feb", "mar",
        "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "gen", "gov", "sen", "rep", "col",
        "lt", "sgt", "capt", "est", "cf", "al", "ca", "op", "ed", "eds", "rev",
    ]

    /// The sentences of `text`, in order.
    public static func sentences(in text: String) -> [TextSentence] {
        var result: [TextSentence] = []
        var unit: [(line: Int, text: Substring)] = []
        var inFence = false

        func flush() {
            guard !unit.isEmpty else { return }
            result += split(unit)
            unit.removeAll()
        }

        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            let trimmed = line.trimmingWhitespace()
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                flush()
                inFence.toggle()
                continue
            }
            if inFence {
                if !trimmed.isEmpty {
                    result.append(TextSentence(text: String(trimmed), firstLine: number, lastLine: number, kind: .code))
                }
                continue
            }
            if trimmed.isEmpty { flush(); continue }
            if trimmed.hasPrefix("#") {
                flush()
                let heading = trimmed.drop { $0 == "#" }.trimmingWhitespace()
                if !heading.isEmpty {
                    result.append(TextSentence(text: String(heading), firstLine: number, lastLine: number, kind: .heading))
                }
                continue
            }
            if let item = listItem(trimmed) {
                flush()
                unit.append((number, item))
                continue
            }
            if trimmed.hasPrefix("|") {
                flush()
                let cells = trimmed.split(separator: "|").map { $0.trimmingWhitespace() }
                    .filter { !$0.isEmpty && !$0.allSatisfy { "-: ".contains($0) } }
                if !cells.isEmpty {
                    result.append(TextSentence(text: cells.joined(separator: " · "), firstLine: number, lastLine: number))
                }
                continue
            }
            unit.append((number, trimmed))
        }
        flush()
        return result
    }

    /// The text of a list item without its marker (`-`, `*`, `+`, `1.`, `1)`), or nil.
    static func listItem(_ line: Substring) -> Substring? {
        if let first = line.first, "-*+".contains(first), line.dropFirst().first == " " {
            return line.dropFirst(2).trimmingWhitespace()
        }
        let digits = line.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 3 else { return nil }
        let rest = line.dropFirst(digits.count)
        guard let marker = rest.first, marker == "." || marker == ")", rest.dropFirst().first == " " else { return nil }
        return rest.dropFirst(2).trimmingWhitespace()
    }

    /// Splits one unit (consecutive non-blank lines) into sentences.
    private static func split(_ unit: [(line: Int, text: Substring)]) -> [TextSentence] {
        var characters: [Character] = []
        var lines: [Int] = []
        for (offset, part) in unit.enumerated() {
            if offset > 0 { characters.append(" "); lines.append(part.line) }
            for character in part.text { characters.append(character); lines.append(part.line) }
        }
        var sentences: [TextSentence] = []
        var start = 0
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if ".!?".contains(character), endsSentence(characters, at: index) {
                var end = index + 1
                while end < characters.count, "\"'”’)]".contains(characters[end]) { end += 1 }
                append(characters, start..<end, lines, to: &sentences)
                start = end
                index = end
                continue
            }
            index += 1
        }
        append(characters, start..<characters.count, lines, to: &sentences)
        return sentences
    }

    private static func append(_ characters: [Character], _ range: Range<Int>, _ lines: [Int],
                               to sentences: inout [TextSentence]) {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper, characters[lower].isWhitespace { lower += 1 }
        while upper > lower, characters[upper - 1].isWhitespace { upper -= 1 }
        guard lower < upper else { return }
        sentences.append(TextSentence(text: String(characters[lower..<upper]), firstLine: lines[lower],
                                      lastLine: lines[upper - 1]))
    }

    /// Whether the punctuation at `index` closes a sentence.
    private static func endsSentence(_ characters: [Character], at index: Int) -> Bool {
        // Skip closing quotes and brackets, then require a space and a plausible sentence start.
        var next = index + 1
        while next < characters.count, "\"'”’)]".contains(characters[next]) { next += 1 }
        guard next < characters.count else { return true }
        guard characters[next].isWhitespace else { return false }
        while next < characters.count, characters[next].isWhitespace { next += 1 }
        guard next < characters.count else { return true }
        let following = characters[next]
        guard following.isUppercase || following.isNumber || "\"'“‘([*_".contains(following) else { return false }
        guard characters[index] == "." else { return true }
        // The word before the full stop: an abbreviation or a single-letter initial keeps going.
        var wordStart = index
        while wordStart > 0, !characters[wordStart - 1].isWhitespace, characters[wordStart - 1] != "(" {
            wordStart -= 1
        }
        let word = String(characters[wordStart..<index]).lowercased()
            .trimmingCharacters(in: CharacterSet(charactersIn: "\"'“‘"))
        if word.count == 1, word.first?.isLetter == true { return false }
        return !abbreviations.contains(word)
    }
}

extension StringProtocol {
    /// The text without leading and trailing whitespace.
    func trimmingWhitespace() -> SubSequence {
        let start = firstIndex { !$0.isWhitespace } ?? endIndex
        let end = lastIndex { !$0.isWhitespace }.map { index(after: $0) } ?? start
        return self[start..<Swift.max(start, end)]
    }
}
