/// Standard base64 (RFC 4648, with padding) decoding of ASCII bytes, for the ranks file.
enum Base64 {
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        for (index, character) in alphabet.enumerated() { table[Int(character)] = UInt8(index) }
        return table
    }()

    /// The decoded bytes, or `nil` if `text` is not valid base64.
    static func decode(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var end = text.count
        while end > 0, text[end - 1] == UInt8(ascii: "=") { end -= 1 }
        guard text.count % 4 == 0, text.count - end <= 2 else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(end * 3 / 4)
        var buffer: UInt32 = 0
        var bits = 0
        for i in 0..<end {
            let value = values[Int(text[i])]
            if value == 0xFF { return nil }
            buffer = (buffer << 6) | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
            }
        }
        return output
    }
}
