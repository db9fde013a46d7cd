/// A piece of a chapter: its position within the chapter and its text.
public struct TextChunk: Sendable, Equatable {
    /// Index of the chunk within its chapter, from 0.
    public var index: Int
    /// Offset of the first character (grapheme) in the chapter text.
    public var start: Int
    /// Offset one past the last character.
    public var end: Int
    /// The chunk's text, trimmed of surrounding whitespace.
    public var text: String
}

/// Splits text into overlapping chunks of about `size` characters, cut at
/// sentence ends where possible (else at a space), each next chunk starting
/// about `overlap` characters before the previous one ended, at a sentence start.
public struct TextChunker: Sendable, Equatable {
    /// Target characters per chunk.
    public var size: Int
    /// Characters shared by consecutive chunks.
    public var overlap: Int

    /// Creates a chunker; `overlap` must be smaller than `size`.
    public init(size: Int = 512, overlap: Int = 128) {
        precondition(size > 0 && overlap >= 0 && overlap < size, "chunk overlap must be smaller than the chunk size")
        self.size = size
        self.overlap = overlap
    }

    /// The chunks of `text`; empty text gives none.
    public func chunks(of text: String) -> [TextChunk] {
        let characters = Array(text)
        let n = characters.count
        var chunks: [TextChunk] = []
        var start = skipWhitespace(characters, from: 0)
        while start < n {
            var end = min(start + size, n)
            if end < n {
                let floor = start + size / 2
                if let boundary = lastSentenceEnd(characters, in: floor..<end) {
                    end = boundary
                } else if let space = (floor..<end).last(where: { characters[$0].isWhitespace }) {
                    end = space
                }
            }
            let piece = String(characters[start..<end]).trimmingWhitespace()
            if !piece.isEmpty {
                chunks.append(TextChunk(index: chunks.count, start: start, end: end, text: piece))
            }
            if end >= n { break }
            // Start the next chunk `overlap` back, moved forward to the next sentence start.
            let back = max(start + 1, end - overlap)
            var next = back
            if let sentence = firstSentenceStart(characters, in: back..<end) {
                next = sentence
            } else if let space = (back..<end).first(where: { characters[$0].isWhitespace }) {
                next = space
            }
            start = skipWhitespace(characters, from: max(next, start + 1))
        }
        return chunks
    }

    private func skipWhitespace(_ characters: [Character], from index: Int) -> Int {
        var i = index
        while i < characters.count, characters[i].isWhitespace { i += 1 }
        return i
    }

    /// The offset just after the last sentence end (`.`, `!`, `?`, closing quotes, then
    /// whitespace) or line break inside `range`.
    private func lastSentenceEnd(_ characters: [Character], in range: Range<Int>) -> Int? {
        for i in range.reversed() where i > 0 {
            if characters[i].isNewline { return i }
            if characters[i].isWhitespace && endsSentence(characters, before: i) { return i }
        }
        return nil
    }

    /// The offset of the first sentence start inside `range`.
    private func firstSentenceStart(_ characters: [Character], in range: Range<Int>) -> Int? {
        for i in range where i > 0 {
            if characters[i - 1].isNewline { return i }
            if characters[i - 1].isWhitespace && endsSentence(characters, before: i - 1) { return i }
        }
        return nil
    }

    private func endsSentence(_ characters: [Character], before index: Int) -> Bool {
        var j = index - 1
        while j >= 0, "\"'”’)]»".contains(characters[j]) { j -= 1 }
        return j >= 0 && ".!?…".contains(characters[j])
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var view = Substring(self)
        while let first = view.first, first.isWhitespace { view.removeFirst() }
        while let last = view.last, last.isWhitespace { view.removeLast() }
        return String(view)
    }
}
