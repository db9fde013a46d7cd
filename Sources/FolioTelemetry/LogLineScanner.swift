#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A cursor over one log line's bytes: JSON strings as byte ranges, numbers without allocating.
struct LogLineScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    mutating func skipSpace() {
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0D { index += 1 }
    }

    /// Whether the bytes in `range` spell `literal`.
    func bytes(_ range: Range<Int>, equal literal: StaticString) -> Bool {
        guard range.count == literal.utf8CodeUnitCount else { return false }
        return memcmp(bytes.baseAddress! + range.lowerBound, literal.utf8Start, range.count) == 0
    }

    mutating func consume(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// The range of a string's raw contents (escapes left as they are), and whether it holds any.
    mutating func stringRange() -> (range: Range<Int>, escaped: Bool)? {
        guard consume(UInt8(ascii: "\"")), let base = bytes.baseAddress else { return nil }
        let start = index
        var escaped = false
        // memchr finds the closing quote of the long hash fields far faster than a byte loop.
        while index < bytes.count {
            guard let quote = memchr(base + index, Int32(UInt8(ascii: "\"")), bytes.count - index) else { return nil }
            let end = UnsafePointer<UInt8>(quote.assumingMemoryBound(to: UInt8.self)) - base
            var backslashes = 0
            while end - backslashes > start, bytes[end - backslashes - 1] == UInt8(ascii: "\\") { backslashes += 1 }
            if backslashes > 0 { escaped = true }
            if backslashes % 2 == 0 {
                if !escaped, memchr(base + start, Int32(UInt8(ascii: "\\")), end - start) != nil { escaped = true }
                index = end + 1
                return (start..<end, escaped)
            }
            index = end + 1
        }
        return nil
    }

    /// The raw contents of `range` as text, unescaped when `escaped` says it holds escapes.
    func text(_ range: Range<Int>, escaped: Bool) -> String {
        let raw = String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        guard escaped, let value = try? JSONDecoder().decode(String.self, from: Data(("\"" + raw + "\"").utf8)) else {
            return raw
        }
        return value
    }

    /// Whether the string at `range` reads `literal` once unescaped.
    func string(_ range: Range<Int>, escaped: Bool, is literal: StaticString) -> Bool {
        guard escaped else { return bytes(range, equal: literal) }
        return text(range, escaped: true) == literal.description
    }

    /// A number (`null` reads as absent: `nil` with the cursor moved past it).
    ///
    /// Up to 15 significant digits and a power of ten up to 22 give the correctly rounded value
    /// (one rounding of two exact doubles); up to 19 digits is within a unit in the last place,
    /// far inside what sums and 1 %-wide latency buckets can show; anything longer goes to strtod.
    mutating func number() -> Double?? {
        if matches("null") { return .some(nil) }
        let start = index
        var negative = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        var mantissa: UInt64 = 0
        var significant = 0
        var exponent = 0
        var digits = 0
        while index < bytes.count, let digit = Self.digit(bytes[index]) {
            if significant < 19 {
                mantissa = mantissa &* 10 &+ digit
                if mantissa != 0 { significant += 1 }
            } else {
                exponent += 1
                significant += 1
            }
            digits += 1
            index += 1
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            while index < bytes.count, let digit = Self.digit(bytes[index]) {
                if significant < 19 {
                    mantissa = mantissa &* 10 &+ digit
                    if mantissa != 0 { significant += 1 }
                    exponent -= 1
                } else {
                    significant += 1
                }
                digits += 1
                index += 1
            }
        }
        guard digits > 0 else { return nil }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            var exponentNegative = false
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
                exponentNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            var written = 0
            var exponentDigits = 0
            while index < bytes.count, let digit = Self.digit(bytes[index]) {
                if written < 100_000 { written = written * 10 + Int(digit) }
                exponentDigits += 1
                index += 1
            }
            guard exponentDigits > 0 else { return nil }
            exponent += exponentNegative ? -written : written
        }
        // Anything number-like right after (a second sign or point) makes the whole run invalid, as before.
        if index < bytes.count, Self.isNumberByte(bytes[index]) { return nil }
        let magnitude: Double
        if significant <= 19, exponent >= -22, exponent <= 22 {
            let value = Double(mantissa)
            magnitude = exponent < 0 ? value / Self.powersOfTen[-exponent] : value * Self.powersOfTen[exponent]
        } else {
            guard let value = strtodValue(start..<index) else { return nil }
            return .some(value)
        }
        return .some(negative ? -magnitude : magnitude)
    }

    /// Skips any value: string, number, literal, or a nested array or object.
    mutating func skipValue() -> Bool {
        guard index < bytes.count else { return false }
        switch bytes[index] {
        case UInt8(ascii: "\""): return stringRange() != nil
        case UInt8(ascii: "["), UInt8(ascii: "{"):
            var depth = 0
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "\""):
                    guard stringRange() != nil else { return false }
                    continue
                case UInt8(ascii: "["), UInt8(ascii: "{"): depth += 1
                case UInt8(ascii: "]"), UInt8(ascii: "}"):
                    depth -= 1
                    if depth == 0 { index += 1; return true }
                default: break
                }
                index += 1
            }
            return false
        default:
            if matches("null") || matches("true") || matches("false") { return true }
            return number() != nil
        }
    }

    /// The time of a line that ends `"unix":<number>}` (the writer sorts its keys, so `unix` is
    /// last), read from the end without scanning the rest; `nil` for any other line.
    static func trailingUnix(of line: UnsafeBufferPointer<UInt8>) -> Double? {
        var end = line.count
        while end > 0, line[end - 1] == 0x20 || line[end - 1] == 0x09 || line[end - 1] == 0x0D { end -= 1 }
        guard end > 0, line[end - 1] == UInt8(ascii: "}") else { return nil }
        end -= 1
        var start = end
        while start > 0, isNumberByte(line[start - 1]) { start -= 1 }
        let key: StaticString = "\"unix\":"
        let keyLength = key.utf8CodeUnitCount
        guard start < end, start >= keyLength + 1, let base = line.baseAddress,
              memcmp(base + start - keyLength, key.utf8Start, keyLength) == 0 else { return nil }
        var scanner = LogLineScanner(bytes: UnsafeBufferPointer(rebasing: line[start..<end]))
        guard let value = scanner.number(), scanner.index == end - start else { return nil }
        return value
    }

    private func strtodValue(_ range: Range<Int>) -> Double? {
        // Copied out with a terminator: strtod must not run past the number's own bytes.
        var text = [CChar](repeating: 0, count: range.count + 1)
        for offset in 0..<range.count { text[offset] = CChar(bitPattern: bytes[range.lowerBound + offset]) }
        return text.withUnsafeBufferPointer { pointer -> Double? in
            var end: UnsafeMutablePointer<CChar>?
            let value = strtod(pointer.baseAddress!, &end)
            guard let end, end - UnsafeMutablePointer(mutating: pointer.baseAddress!) == range.count else { return nil }
            return value
        }
    }

    private mutating func matches(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count, memcmp(bytes.baseAddress! + index, literal.utf8Start, count) == 0 else {
            return false
        }
        index += count
        return true
    }

    private static func digit(_ byte: UInt8) -> UInt64? {
        byte >= 0x30 && byte <= 0x39 ? UInt64(byte - 0x30) : nil
    }

    private static func isNumberByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || byte == 0x2D || byte == 0x2B || byte == 0x2E || byte == 0x65 || byte == 0x45
    }

    private static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22,
    ]
}
