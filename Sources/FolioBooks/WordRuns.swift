/// Text compared the way a reader would notice a repeat: as lower-case words, punctuation and
/// spacing ignored, so "The sea, the sea." and "the sea the sea" are the same run.
public enum WordRuns {
    /// The words of `text`, lower-cased, with punctuation dropped (apostrophes inside a word kept).
    static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        for character in text {
            if character.isLetter || character.isNumber {
                current.append(contentsOf: character.lowercased())
            } else if (character == "'" || character == "’"), !current.isEmpty {
                current.append("'")
            } else if !current.isEmpty {
                words.append(Self.trimmed(current))
                current = ""
            }
        }
        if !current.isEmpty { words.append(Self.trimmed(current)) }
        return words
    }

    /// The runs of `length` consecutive words in `words`, each joined by one space.
    static func runs(_ words: [String], length: Int) -> Set<String> {
        guard length > 0, words.count >= length else { return [] }
        var runs = Set<String>()
        for start in 0...(words.count - length) {
            runs.insert(words[start..<(start + length)].joined(separator: " "))
        }
        return runs
    }

    /// The longest run of consecutive words of `words` that also appears, in order, in `reference`.
    public static func longestSharedRun(_ words: [String], with reference: [String]) -> Int {
        guard !words.isEmpty, !reference.isEmpty else { return 0 }
        var positions: [String: [Int]] = [:]
        for (index, word) in reference.enumerated() { positions[word, default: []].append(index) }
        // For each word, the runs ending at each matching reference position.
        var previous: [Int: Int] = [:]
        var longest = 0
        for word in words {
            var current: [Int: Int] = [:]
            for position in positions[word] ?? [] {
                let length = (previous[position - 1] ?? 0) + 1
                current[position] = length
                longest = max(longest, length)
            }
            previous = current
        }
        return longest
    }

    /// Words that carry no meaning of their own when comparing titles and summaries.
    static let functionWords: Set = [
        "a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or", "but", "with", "by", "from", "as",
        "is", "are", "was", "were", "be", "his", "her", "its", "their", "this", "that", "who", "which", "about",
    ]

    /// The meaningful words of `text`, as a set.
    static func contentWords(_ text: String) -> Set<String> {
        Set(words(text).filter { !functionWords.contains($0) })
    }

    /// The meaningful words of `text` cut to a rough stem ("savings", "saving" and "save" are
    /// "sav"), so a word and its inflections match.
    static func stems(_ text: String, excluding ignored: Set<String> = []) -> Set<String> {
        Set(contentStems(words(text).filter { !ignored.contains($0) }))
    }

    /// The meaningful words of `words`, in order, each cut to its rough stem ("casting" and
    /// "cast", "desolated" and "desolate").
    static func contentStems(_ words: [String]) -> [String] {
        words.filter { !functionWords.contains($0) }.map { stem(stem($0)) }
    }

    /// `word` without a common English ending, keeping at least three letters.
    static func stem(_ word: String) -> String {
        var word = word
        if word.hasSuffix("'s") { word.removeLast(2) }
        for suffix in ["ing", "ers", "ed", "er", "es", "s", "e", "y"] where word.hasSuffix(suffix) && word.count - suffix.count >= 3 {
            word.removeLast(suffix.count)
            break
        }
        return word
    }

    /// How alike two short texts are, from 0 (no meaningful word shared) to 1 (the same
    /// meaningful words): the Jaccard index of their content-word sets.
    static func similarity(_ first: String, _ second: String) -> Double {
        let (a, b) = (contentWords(first), contentWords(second))
        guard !a.isEmpty || !b.isEmpty else { return 1 }
        return Double(a.intersection(b).count) / Double(a.union(b).count)
    }

    private static func trimmed(_ word: String) -> String {
        var word = word
        while word.hasSuffix("'") { word.removeLast() }
        return word
    }
}
