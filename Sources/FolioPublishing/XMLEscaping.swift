/// Escaping for XML text and attribute values, and removal of characters XML 1.0 forbids.
public enum XMLEscaping {
    /// `text` safe as element content: `&`, `<`, `>` escaped, forbidden control characters dropped.
    public static func text(_ text: String) -> String {
        escape(text, quotes: false)
    }

    /// `value` safe inside a double- or single-quoted attribute.
    public static func attribute(_ value: String) -> String {
        escape(value, quotes: true)
    }

    private static func escape(_ text: String, quotes: Bool) -> String {
        // Most text needs nothing: skip the rebuild.
        if !text.unicodeScalars.contains(where: { needsWork($0, quotes: quotes) }) { return text }
        var output = ""
        output.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"" where quotes: output += "&quot;"
            case "'" where quotes: output += "&apos;"
            default:
                if isAllowed(scalar) { output.unicodeScalars.append(scalar) }
            }
        }
        return output
    }

    private static func needsWork(_ scalar: Unicode.Scalar, quotes: Bool) -> Bool {
        switch scalar {
        case "&", "<", ">": true
        case "\"", "'": quotes
        default: !isAllowed(scalar)
        }
    }

    /// XML 1.0's Char production: tab, newline, carriage return, and everything from space up
    /// except the surrogates (never scalars) and U+FFFE/U+FFFF.
    static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x20 { return value == 0x09 || value == 0x0A || value == 0x0D }
        return value != 0xFFFE && value != 0xFFFF
    }
}
