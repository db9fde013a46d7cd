import Foundation

/// Expands the `${class:length}` placeholders of a secret rule's published sample into random
/// characters of that class, as the rule's author's generator does.
///
/// Classes: `alnum` `[A-Za-z0-9]`, `alnumExt` `[A-Za-z0-9_-]`, `word` `[A-Za-z0-9_-]`, `upper27`
/// `[A-Z2-7]`, `numeric` `[0-9]`, `hex` `[a-f0-9]`, and gitleaks' lower-case classes `lower` `[a-z0-9]`,
/// `lowerExt` `[a-z0-9=_-]`, `lowerExtShort` `[a-z0-9_-]`, with `alpha` `[A-Za-z]` and
/// `upperAlnum` `[A-Z0-9]`.
public enum SampleSecret {
    static let classes: [String: [Character]] = [
        "alnum": Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"),
        "alnumExt": Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"),
        "word": Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"),
        "upper27": Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"),
        "numeric": Array("0123456789"),
        "hex": Array("abcdef0123456789"),
        "lower": Array("abcdefghijklmnopqrstuvwxyz0123456789"),
        "lowerExt": Array("abcdefghijklmnopqrstuvwxyz0123456789=_-"),
        "lowerExtShort": Array("abcdefghijklmnopqrstuvwxyz0123456789_-"),
        "upperAlnum": Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"),
        "alpha": Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"),
    ]

    /// `sample` with every placeholder replaced.
    public static func expand<G: RandomNumberGenerator>(_ sample: String, using generator: inout G) -> String {
        var result = ""
        var rest = Substring(sample)
        while let open = rest.range(of: "${"), let close = rest[open.upperBound...].firstIndex(of: "}") {
            result += rest[..<open.lowerBound]
            let spec = rest[open.upperBound..<close].split(separator: ":")
            if spec.count == 2, let alphabet = classes[String(spec[0])], let length = Int(spec[1]) {
                for _ in 0..<length { result.append(alphabet.randomElement(using: &generator)!) }
            } else {
                result += rest[open.lowerBound...close]
            }
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }
}
