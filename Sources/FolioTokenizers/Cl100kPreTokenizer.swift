/// Splits UTF-8 text into the pieces cl100k_base encodes separately: a hand-written scanner
/// equivalent to the leftmost-first regular expression
///
///     (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}
///     | ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+
///
/// trying the alternatives in that order at each position, with the same backtracking.
struct Cl100kPreTokenizer {
    /// One decoded scalar: its value, class and byte offset.
    private struct Scalar {
        var value: UInt32
        var offset: Int32
        var kind: ScalarClass
    }

    private var scalars: [Scalar] = []

    /// Calls `body` with the byte range of every piece of `bytes`, in order.
    mutating func forEachPiece(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (Int, Int) -> Void) {
        decode(bytes)
        let n = scalars.count - 1
        var i = 0
        while i < n {
            let end = pieceEnd(at: i, n: n)
            body(Int(scalars[i].offset), Int(scalars[end].offset))
            i = end
        }
    }

    /// Decodes valid UTF-8 (a Swift string's storage) into scalars, with a sentinel at the end.
    private mutating func decode(_ bytes: UnsafeBufferPointer<UInt8>) {
        scalars.removeAll(keepingCapacity: true)
        scalars.reserveCapacity(bytes.count + 1)
        var i = 0
        let count = bytes.count
        while i < count {
            let lead = UInt32(bytes[i])
            var value: UInt32
            var length: Int
            if lead < 0x80 {
                value = lead; length = 1
            } else if lead < 0xE0 {
                value = lead & 0x1F; length = 2
            } else if lead < 0xF0 {
                value = lead & 0x0F; length = 3
            } else {
                value = lead & 0x07; length = 4
            }
            for k in 1..<length { value = (value << 6) | (UInt32(bytes[i + k]) & 0x3F) }
            scalars.append(Scalar(value: value, offset: Int32(i), kind: .of(value)))
            i += length
        }
        scalars.append(Scalar(value: 0, offset: Int32(count), kind: []))
    }

    /// The index just past the piece that starts at scalar `i`.
    @inline(__always)
    private func pieceEnd(at i: Int, n: Int) -> Int {
        let first = scalars[i]
        // 1. Contractions, case-insensitively ('ſ' folds to 's').
        if first.value == 0x27, i + 1 < n {
            let next = Self.folded(scalars[i + 1].value)
            if next == 0x73 || next == 0x74 || next == 0x6D || next == 0x64 { return i + 2 }
            if i + 2 < n {
                let third = Self.folded(scalars[i + 2].value)
                if (next == 0x72 && third == 0x65) || (next == 0x76 && third == 0x65)
                    || (next == 0x6C && third == 0x6C) {
                    return i + 3
                }
            }
        }
        // 2. An optional non-letter, non-number, non-newline, then letters.
        if first.kind.contains(.letter) {
            return letters(from: i + 1, n: n)
        }
        if !first.kind.contains(.number), !first.kind.contains(.newline), i + 1 < n,
           scalars[i + 1].kind.contains(.letter) {
            return letters(from: i + 2, n: n)
        }
        // 3. One to three numbers.
        if first.kind.contains(.number) {
            var j = i + 1
            while j < n, j < i + 3, scalars[j].kind.contains(.number) { j += 1 }
            return j
        }
        // 4. An optional space, punctuation and symbols, then newlines.
        var start = -1
        if first.kind.isOther {
            start = i
        } else if first.value == 0x20, i + 1 < n, scalars[i + 1].kind.isOther {
            start = i + 1
        }
        if start >= 0 {
            var j = start + 1
            while j < n, scalars[j].kind.isOther { j += 1 }
            while j < n, scalars[j].kind.contains(.newline) { j += 1 }
            return j
        }
        // 5–7. Whitespace: up to the last newline of the run; else the run, less its last
        // character when more text follows; else one character.
        var end = i
        var lastNewline = -1
        while end < n, scalars[end].kind.contains(.whitespace) {
            if scalars[end].kind.contains(.newline) { lastNewline = end }
            end += 1
        }
        if lastNewline >= 0 { return lastNewline + 1 }
        if end == n || end - i == 1 { return end }
        return end - 1
    }

    @inline(__always)
    private func letters(from start: Int, n: Int) -> Int {
        var j = start
        while j < n, scalars[j].kind.contains(.letter) { j += 1 }
        return j
    }

    /// ASCII lower case, with U+017F LATIN SMALL LETTER LONG S folded to `s`.
    @inline(__always)
    private static func folded(_ value: UInt32) -> UInt32 {
        if value >= 0x41 && value <= 0x5A { return value | 0x20 }
        if value == 0x17F { return 0x73 }
        return value
    }
}
