/// Identifiers that stay the same for the same input: a book exported twice is the same
/// publication to a reading system.
public enum StableIdentifier {
    /// A `urn:uuid:` built from two FNV-1a hashes of `seed`, marked as a version 8 (custom) UUID.
    public static func urn(for seed: String) -> String {
        var high = fnv1a(seed, basis: 0xcbf2_9ce4_8422_2325)
        var low = fnv1a(seed, basis: 0x8422_2325_cbf2_9ce4)
        high = (high & ~0xF000) | 0x8000                          // version 8
        low = (low & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000  // RFC 4122 variant
        let hex = hexadecimal(high) + hexadecimal(low)
        let parts = [hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4),
                     hex.dropFirst(16).prefix(4), hex.dropFirst(20)]
        return "urn:uuid:" + parts.joined(separator: "-")
    }

    private static func fnv1a(_ text: String, basis: UInt64) -> UInt64 {
        var hash = basis
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }

    private static func hexadecimal(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
