import Foundation

/// Sentence ends in plain text, for shortening a post without cutting a sentence in two.
enum Sentences {
    /// Indices just past each sentence's end (its closing punctuation and any closing quote or
    /// bracket), in order. A sentence ends at `.`, `!`, `?` or `…` followed by white space or the
    /// end of the text, or at a CJK full stop, exclamation or question mark.
    static func ends(in text: String) -> [String.Index] {
        var ends: [String.Index] = []
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            var next = text.index(after: index)
            if fullWidth.contains(character) {
                while next < text.endIndex, closers.contains(text[next]) { next = text.index(after: next) }
                ends.append(next)
            } else if terminators.contains(character) {
                while next < text.endIndex, terminators.contains(text[next]) || closers.contains(text[next]) {
                    next = text.index(after: next)
                }
                if next == text.endIndex || text[next].isWhitespace { ends.append(next) }
            } else if character == "\n", next < text.endIndex, text[next] == "\n" {
                // A paragraph break ends whatever came before it (a list item, a heading).
                ends.append(index)
            }
            index = next
        }
        if ends.last != text.endIndex { ends.append(text.endIndex) }
        return ends
    }

    /// The sentences of `text`, trimmed, in order.
    static func split(_ text: String) -> [String] {
        var start = text.startIndex
        var sentences: [String] = []
        for end in ends(in: text) where end > start {
            let sentence = text[start..<end].trimmingCharacters(in: .whitespacesAndNewlines)
            if !sentence.isEmpty { sentences.append(sentence) }
            start = end
        }
        return sentences
    }

    private static let terminators: Set<Character> = [".", "!", "?", "…"]
    private static let fullWidth: Set<Character> = ["。", "！", "？"]
    private static let closers: Set<Character> = ["\"", "'", ")", "]", "”", "’", "」", "』", "）"]
}
