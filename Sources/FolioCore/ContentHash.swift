/// A stable 64-bit FNV-1a hash of a text's UTF-8 bytes, as 16 hex digits.
///
/// Used to notice that a chapter or chunk changed, and to name a folder, not for security.
public enum ContentHash {
    /// The hash of `text`.
    public static func of(_ text: String) -> String {
        let digits = String(value(of: text), radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// The hash of `text` as a number.
    public static func value(of text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return hash
    }
}
