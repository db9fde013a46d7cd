/// The character classes cl100k's pre-tokenization pattern asks about, as bits.
struct ScalarClass: OptionSet, Sendable {
    let rawValue: UInt8

    /// `\p{L}`: any letter.
    static let letter = ScalarClass(rawValue: 1)
    /// `\p{N}`: any number.
    static let number = ScalarClass(rawValue: 2)
    /// `\s`: Unicode White_Space.
    static let whitespace = ScalarClass(rawValue: 4)
    /// `[\r\n]`.
    static let newline = ScalarClass(rawValue: 8)

    /// `[^\s\p{L}\p{N}]`: punctuation, symbols, marks, controls.
    var isOther: Bool { rawValue & 7 == 0 }

    /// The class of `value`, with a table for ASCII and Unicode properties beyond it.
    @inline(__always)
    static func of(_ value: UInt32) -> ScalarClass {
        if value < 128 { return ScalarClass(rawValue: ascii[Int(value)]) }
        return unicode(value)
    }

    private static let ascii: [UInt8] = (0..<128).map { unicode(UInt32($0)).rawValue }

    private static func unicode(_ value: UInt32) -> ScalarClass {
        guard let scalar = Unicode.Scalar(value) else { return [] }
        let properties = scalar.properties
        var result: ScalarClass = []
        switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
            result.insert(.letter)
        case .decimalNumber, .letterNumber, .otherNumber:
            result.insert(.number)
        default:
            break
        }
        if properties.isWhitespace { result.insert(.whitespace) }
        if value == 0x0A || value == 0x0D { result.insert(.newline) }
        return result
    }
}
