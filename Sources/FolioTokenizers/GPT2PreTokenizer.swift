/// llama.cpp's split of text into words for GPT-2-style byte-level BPE models:
/// `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`, optionally after
/// splitting every number character apart (`\p{N}` first, as SmolLM's and StarCoder's
/// pre-tokenizers do). Contractions are case-sensitive there, unlike cl100k.
struct GPT2PreTokenizer {
    /// Split every number character into its own word before the main pattern.
    var splitDigits: Bool

    /// The words of `scalars`, as ranges of scalar indices.
    func words(_ scalars: [Unicode.Scalar]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start = 0
        if splitDigits {
            for (index, scalar) in scalars.enumerated() where ScalarClass.of(scalar.value).contains(.number) {
                split(scalars, start..<index, into: &result)
                result.append(index..<index + 1)
                start = index + 1
            }
        }
        split(scalars, start..<scalars.count, into: &result)
        return result
    }

    private func split(_ scalars: [Unicode.Scalar], _ range: Range<Int>, into result: inout [Range<Int>]) {
        let end = range.upperBound
        func kind(_ index: Int) -> ScalarClass { index < end ? ScalarClass.of(scalars[index].value) : [] }
        func value(_ index: Int) -> UInt32 { index < end ? scalars[index].value : 0 }
        var position = range.lowerBound
        while position < end {
            let start = position
            let current = value(position)
            if current == 0x27, position + 1 < end {
                let next = value(position + 1)
                if next == 0x73 || next == 0x74 || next == 0x6D || next == 0x64 {
                    result.append(start..<position + 2)
                    position += 2
                    continue
                }
                if position + 2 < end {
                    let third = value(position + 2)
                    if (next == 0x72 && third == 0x65) || (next == 0x76 && third == 0x65) || (next == 0x6C && third == 0x6C) {
                        result.append(start..<position + 3)
                        position += 3
                        continue
                    }
                }
            }
            let leading = current == 0x20 ? kind(position + 1) : kind(position)
            let skipSpace = current == 0x20 ? 1 : 0
            if leading.contains(.letter) || leading.contains(.number) {
                let wanted: ScalarClass = leading.contains(.letter) ? .letter : .number
                position += skipSpace
                while position < end, kind(position).contains(wanted) { position += 1 }
                result.append(start..<position)
                continue
            }
            if leading.isOther, position + skipSpace < end, Self.isAssigned(scalars[position + skipSpace]) {
                position += skipSpace
                while position < end, kind(position).isOther, Self.isAssigned(scalars[position]) { position += 1 }
                result.append(start..<position)
                continue
            }
            var spaces = 0
            while position + spaces < end, kind(position + spaces).contains(.whitespace) { spaces += 1 }
            if spaces > 1, position + spaces < end {
                position += spaces - 1
            } else if spaces > 0 {
                position += spaces
            } else {
                position += 1
            }
            result.append(start..<position)
        }
    }

    /// llama.cpp gives unassigned code points no category, so they match no class.
    private static func isAssigned(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.generalCategory != .unassigned
    }
}
