import Foundation

/// Finds personal data in text: email addresses, phone numbers, payment card numbers (that pass
/// the Luhn check) and IBANs (that pass the ISO 13616 mod-97 check).
public struct PersonalDataScanner: Sendable {
    /// One kind of personal data: a pattern and a check its matches must pass.
    struct Detector: @unchecked Sendable {
        // NSRegularExpression is immutable and safe to share between threads.
        var rule: String
        var pattern: NSRegularExpression
        var isValid: @Sendable (String) -> Bool
    }

    private let detectors: [Detector]

    /// Creates a scanner.
    public init() {
        func regex(_ pattern: String) -> NSRegularExpression {
            // The patterns are constants of this file; a typo is a programming error.
            try! NSRegularExpression(pattern: pattern)
        }
        detectors = [
            Detector(rule: "email", pattern: regex(#"(?<![\w.%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}\b"#),
                     isValid: { _ in true }),
            Detector(rule: "iban", pattern: regex(#"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b"#),
                     isValid: Self.isValidIBAN),
            Detector(rule: "card-number", pattern: regex(#"(?<![\d-])(?:\d[ -]?){12,18}\d(?![\d-])"#),
                     isValid: Self.isValidCard),
            Detector(rule: "phone-number",
                     pattern: regex(#"(?<![\w+])(?:\+\d{1,3}[ .-]?(?:\(\d{1,4}\)[ .-]?)?\d{1,4}(?:[ .-]?\d{2,4}){1,4}|\(\d{3}\) ?\d{3}[ .-]\d{4}|\d{3}[.-]\d{3}[.-]\d{4})(?![\w])"#),
                     isValid: { value in (7...15).contains(value.filter(\.isNumber).count) }),
        ]
    }

    /// Every personal datum in `text`: (rule, the value, its range).
    public func findings(in text: String) -> [(rule: String, value: String, range: Range<String.Index>)] {
        var found: [(rule: String, value: String, range: Range<String.Index>)] = []
        let whole = NSRange(text.startIndex..., in: text)
        for detector in detectors {
            for match in detector.pattern.matches(in: text, range: whole) {
                guard let range = Range(match.range, in: text) else { continue }
                let value = String(text[range])
                guard detector.isValid(value), !found.contains(where: { $0.range.overlaps(range) }) else { continue }
                found.append((detector.rule, value, range))
            }
        }
        return found.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    /// The Luhn checksum, on 13 to 19 digits.
    public static func isValidCard(_ value: String) -> Bool {
        let digits = value.compactMap(\.wholeNumberValue)
        guard (13...19).contains(digits.count), Set(digits).count > 1 else { return false }
        var sum = 0
        for (offset, digit) in digits.reversed().enumerated() {
            if offset % 2 == 1 {
                let doubled = digit * 2
                sum += doubled > 9 ? doubled - 9 : doubled
            } else {
                sum += digit
            }
        }
        return sum % 10 == 0
    }

    /// The ISO 13616 check: move the first four characters to the end, letters to numbers
    /// (A = 10 … Z = 35), and the remainder modulo 97 must be 1.
    public static func isValidIBAN(_ value: String) -> Bool {
        let compact = value.filter { !$0.isWhitespace }.uppercased()
        guard (15...34).contains(compact.count), compact.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            return false
        }
        let rearranged = compact.dropFirst(4) + compact.prefix(4)
        var remainder = 0
        for character in rearranged {
            if let digit = character.wholeNumberValue {
                remainder = (remainder * 10 + digit) % 97
            } else if let ascii = character.asciiValue {
                remainder = (remainder * 100 + Int(ascii) - 55) % 97
            }
        }
        return remainder == 1
    }
}
