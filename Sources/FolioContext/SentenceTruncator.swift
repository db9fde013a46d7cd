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

    /// `.`, `!`, `?`, `…` and the CJK full stops.
    private static func endsSentence(_ value: UInt32) -> Bool {
        value == 0x2E || value == 0x21 || value == 0x3F || value == 0x2026 || value == 0x3002 || value == 0xFF01 || value == 0xFF1F
    }

    /// Closing quotes and brackets that may follow a sentence's end.
    private static func closes(_ value: UInt32) -> Bool {
        value == 0x22 || value == 0x27 || value == 0x201D || value == 0x2019 || value == 0x29 || value == 0x5D || value == 0xBB
    }

    @inline(__always)
    private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x80 ? (scalar.value == 0x20 || (0x09...0x0D).contains(scalar.value)) : scalar.properties.isWhitespace
    }

    @inline(__always)
    private static func isNewline(_ scalar: Unicode.Scalar) -> Bool {
        (0x0A...0x0D).contains(scalar.value) || scalar.value == 0x85 || scalar.value == 0x2028 || scalar.value == 0x2029
    }

    /// Where each sentence ends (before the following space) and the next begins (after it):
    /// after `.`, `!`, `?` (and their CJK forms), with closing quotes, before a space; and at
    /// paragraph breaks. Works on scalars: every boundary falls next to whitespace or
    /// punctuation, so it is a valid place to cut the string.
    static func sentenceBoundaries(_ text: String) -> [(end: String.Index, next: String.Index)] {
        let scalars = text.unicodeScalars
        var result: [(end: String.Index, next: String.Index)] = []
        func append(_ end: String.Index) {
            guard result.last?.end != end else { return }
            var next = end
            while next < scalars.endIndex, isWhitespace(scalars[next]) { next = scalars.index(after: next) }
            result.append((end, next))
        }
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let scalar = scalars[index]
            if endsSentence(scalar.value) {
                var after = scalars.index(after: index)
                while after < scalars.endIndex, closes(scalars[after].value) { after = scalars.index(after: after) }
                if after == scalars.endIndex || isWhitespace(scalars[after]) {
                    append(after)
                    index = after
                    continue
                }
            } else if isWhitespace(scalar) {
                var after = index
                var newlines = 0
                while after < scalars.endIndex, isWhitespace(scalars[after]) {
                    let current = scalars[after]
                    after = scalars.index(after: after)
                    // CR LF is one line break.
                    if isNewline(current), !(current.value == 0x0D && after < scalars.endIndex && scalars[after].value == 0x0A) {
                        newlines += 1
                    }
                }
                if newlines >= 2, index > scalars.startIndex { append(index) }
                index = after
                continue
            }
            index = scalars.index(after: index)
        }
        return result
    }

    /// Where each word ends and the next begins.
    static func wordBoundaries(_ text: String) -> [(end: String.Index, next: String.Index)] {
        let scalars = text.unicodeScalars
        var result: [(end: String.Index, next: String.Index)] = []
        var index = scalars.startIndex
        var previousIsWhitespace = true
        while index < scalars.endIndex {
            if isWhitespace(scalars[index]) {
                var next = index
                while next < scalars.endIndex, isWhitespace(scalars[next]) { next = scalars.index(after: next) }
                if !previousIsWhitespace { result.append((index, next)) }
                previousIsWhitespace = true
                index = next
                continue
            }
            previousIsWhitespace = false
            index = scalars.index(after: index)
        }
        if let last = scalars.last, !isWhitespace(last) { result.append((text.endIndex, text.endIndex)) }
        return result
    }
}
