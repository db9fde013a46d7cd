/// Shortens text to a token limit at sentence boundaries (at word boundaries only when not
/// even one sentence fits), never mid-word, keeping either the beginning or the end.
struct SentenceTruncator {
    /// Which part of the text to keep.
    enum Keep {
        /// The first sentences.
        case head
        /// The last sentences (a previous chapter's ending leads into the next one).
        case tail
    }

    /// The longest part of `text` (whole sentences, else whole words) whose `cost` is at most
    /// `limit`, or `nil` if not even one word fits.
    static func truncate(_ text: String, keep: Keep, limit: Int, cost: (String) -> Int) -> String? {
        if cost(text) <= limit { return text }
        for boundaries in [sentenceBoundaries(text), wordBoundaries(text)] {
            let candidates = candidates(text, boundaries: boundaries, keep: keep)
            if let best = longestFitting(candidates, limit: limit, cost: cost) { return best }
        }
        return nil
    }

    /// Candidate pieces from shortest to longest.
    private static func candidates(_ text: String, boundaries: [(end: String.Index, next: String.Index)],
                                   keep: Keep) -> [Substring] {
        switch keep {
        case .head:
            return boundaries.map { text[..<$0.end] }.filter { !$0.isEmpty }
        case .tail:
            return boundaries.reversed().map { text[$0.next...] }.filter { !$0.isEmpty }
        }
    }

    /// Binary search for the longest candidate within the limit. Token counts grow with length
    /// almost always; the answer is a candidate whose cost was checked, so the limit holds even
    /// where they do not.
    private static func longestFitting(_ candidates: [Substring], limit: Int, cost: (String) -> Int) -> String? {
        var low = 0
        var high = candidates.count - 1
        var best: String?
        while low <= high {
            let middle = (low + high) / 2
            let candidate = String(candidates[middle])
            if cost(candidate) <= limit {
                best = candidate
                low = middle + 1
            } else {
                high = middle - 1
            }
        }
        return best
    }

    private static let sentenceEnds: Set<Character> = [".", "!", "?", "…", "。", "！", "？"]
    private static let closers: Set<Character> = ["\"", "'", "”", "’", ")", "]", "»"]

    /// Where each sentence ends (before the following space) and the next begins (after it):
    /// after `.`, `!`, `?` (and their CJK forms), with closing quotes, before a space; and at
    /// paragraph breaks.
    static func sentenceBoundaries(_ text: String) -> [(end: String.Index, next: String.Index)] {
        var result: [(end: String.Index, next: String.Index)] = []
        func append(_ end: String.Index) {
            guard result.last?.end != end else { return }
            var next = end
            while next < text.endIndex, text[next].isWhitespace { next = text.index(after: next) }
            result.append((end, next))
        }
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if sentenceEnds.contains(character) {
                var after = text.index(after: index)
                while after < text.endIndex, closers.contains(text[after]) { after = text.index(after: after) }
                if after == text.endIndex || text[after].isWhitespace {
                    append(after)
                    index = after
                    continue
                }
            } else if character.isWhitespace {
                var after = index
                var newlines = 0
                while after < text.endIndex, text[after].isWhitespace {
                    if text[after].isNewline { newlines += 1 }
                    after = text.index(after: after)
                }
                if newlines >= 2, index > text.startIndex { append(index) }
                index = after
                continue
            }
            index = text.index(after: index)
        }
        return result
    }

    /// Where each word ends and the next begins.
    static func wordBoundaries(_ text: String) -> [(end: String.Index, next: String.Index)] {
        var result: [(end: String.Index, next: String.Index)] = []
        var index = text.startIndex
        while index < text.endIndex {
            if text[index].isWhitespace, index > text.startIndex, !text[text.index(before: index)].isWhitespace {
                var next = index
                while next < text.endIndex, text[next].isWhitespace { next = text.index(after: next) }
                result.append((index, next))
                index = next
                continue
            }
            index = text.index(after: index)
        }
        if let last = text.last, !last.isWhitespace { result.append((text.endIndex, text.endIndex)) }
        return result
    }
}
