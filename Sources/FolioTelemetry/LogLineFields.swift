import Foundation

/// The fields of one log line that `folio stats` reads, scanned straight from its bytes.
///
/// A full JSON decode of every line costs far more than the summary needs; this reads the
/// flat top-level object that `GenerationLog` writes, skipping nested values (`attempts`) and
/// keys it does not need. A line that is not such an object is skipped by the caller.
struct LogLineFields {
    var unix: Double?
    /// `assessment` for a line that scores finished work rather than records a call.
    var kind = ""
    var purpose = ""
    var provider = ""
    var error: String?
    var cache = ""
    var firstTokenMilliseconds: Double?
    var totalMilliseconds: Double?
    var promptTokens = 0.0
    var completionTokens = 0.0
    var costUSD = 0.0
    var fallbacks = 0.0
    var quality: Double?
    var safetyConfidence: Double?
    var unsupportedClaimRate: Double?

    /// Whether the line scores finished work (`GenerationAssessment`) rather than records a call.
    var isAssessment: Bool { kind == "assessment" }

    /// The fields of the JSON object in `line`, or `nil` when it is not a flat JSON object.
    init?(_ line: UnsafeBufferPointer<UInt8>) {
        var scanner = Scanner(bytes: line)
        guard scanner.consume(UInt8(ascii: "{")) else { return nil }
        scanner.skipSpace()
        if scanner.consume(UInt8(ascii: "}")) { return }
        while true {
            scanner.skipSpace()
            guard let key = scanner.stringRange() else { return nil }
            scanner.skipSpace()
            guard scanner.consume(UInt8(ascii: ":")) else { return nil }
            scanner.skipSpace()
            guard read(key: key, from: &scanner) else { return nil }
            scanner.skipSpace()
            if scanner.consume(UInt8(ascii: ",")) { continue }
            guard scanner.consume(UInt8(ascii: "}")) else { return nil }
            return
        }
    }

    private mutating func read(key: Range<Int>, from scanner: inout Scanner) -> Bool {
        // Keys are compared as bytes: making a String of each of a million lines' twenty-odd
        // keys cost more than all the rest of the scan.
        switch key.count {
        case 4:
            if scanner.keyIs(key, "unix") { return scanner.number().map { unix = $0 } != nil }
            if scanner.keyIs(key, "kind") { return scanner.string().map { kind = $0 } != nil }
        case 5:
            if scanner.keyIs(key, "error") { return scanner.string().map { error = $0 } != nil }
            if scanner.keyIs(key, "cache") { return scanner.string().map { cache = $0 } != nil }
        case 7:
            if scanner.keyIs(key, "purpose") { return scanner.string().map { purpose = $0 } != nil }
            if scanner.keyIs(key, "ttft_ms") { return scanner.number().map { firstTokenMilliseconds = $0 } != nil }
            if scanner.keyIs(key, "quality") { return scanner.number().map { quality = $0 } != nil }
        case 8:
            if scanner.keyIs(key, "provider") { return scanner.string().map { provider = $0 } != nil }
            if scanner.keyIs(key, "total_ms") { return scanner.number().map { totalMilliseconds = $0 } != nil }
            if scanner.keyIs(key, "cost_usd") { return scanner.number().map { costUSD = $0 ?? 0 } != nil }
        case 9:
            if scanner.keyIs(key, "fallbacks") { return scanner.number().map { fallbacks = $0 ?? 0 } != nil }
        case 13:
            if scanner.keyIs(key, "prompt_tokens") { return scanner.number().map { promptTokens = $0 ?? 0 } != nil }
        case 17:
            if scanner.keyIs(key, "completion_tokens") { return scanner.number().map { completionTokens = $0 ?? 0 } != nil }
            if scanner.keyIs(key, "safety_confidence") { return scanner.number().map { safetyConfidence = $0 } != nil }
        case 22:
            if scanner.keyIs(key, "unsupported_claim_rate") {
                return scanner.number().map { unsupportedClaimRate = $0 } != nil
            }
        default:
            break
        }
        return scanner.skipValue()
    }
}

/// A cursor over one line's bytes.
private struct Scanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    mutating func skipSpace() {
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0D { index += 1 }
    }

    /// Whether the bytes in `range` spell `literal`.
    func keyIs(_ range: Range<Int>, _ literal: StaticString) -> Bool {
        guard range.count == literal.utf8CodeUnitCount else { return false }
        let start = literal.utf8Start
        for offset in 0..<range.count where bytes[range.lowerBound + offset] != start[offset] { return false }
        return true
    }

    mutating func consume(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// The range of a string's raw contents (escapes left as they are).
    mutating func stringRange() -> Range<Int>? {
        guard consume(UInt8(ascii: "\"")) else { return nil }
        let start = index
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\\"): index += 2
            case UInt8(ascii: "\""):
                defer { index += 1 }
                return start..<index
            default: index += 1
            }
        }
        return nil
    }

    /// A string value, unescaped.
    mutating func string() -> String? {
        guard let range = stringRange() else { return nil }
        let raw = text(range)
        guard raw.contains("\\") else { return raw }
        return Self.unescape(raw)
    }

    func text(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    /// A number (`null` reads as absent: `nil` with the cursor moved past it).
    mutating func number() -> Double?? {
        if matches("null") { return .some(nil) }
        let start = index
        while index < bytes.count, Self.isNumberByte(bytes[index]) { index += 1 }
        guard index > start else { return nil }
        if index < bytes.count, let base = bytes.baseAddress {
            // A byte that ends the number follows it, so strtod stops where the scan did.
            var end: UnsafeMutablePointer<CChar>?
            let value = base.advanced(by: start).withMemoryRebound(to: CChar.self, capacity: index - start + 1) {
                strtod($0, &end)
            }
            let consumed = end.map { UnsafeRawPointer($0) - UnsafeRawPointer(base.advanced(by: start)) } ?? 0
            return consumed == index - start ? .some(value) : nil
        }
        guard let value = Double(text(start..<index)) else { return nil }
        return .some(value)
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

    private mutating func matches(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        for offset in 0..<count where bytes[index + offset] != literal.utf8Start[offset] { return false }
        index += count
        return true
    }

    private static func isNumberByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || byte == 0x2D || byte == 0x2B || byte == 0x2E || byte == 0x65 || byte == 0x45
    }

    private static func unescape(_ raw: String) -> String {
        let quoted = "\"" + raw + "\""
        guard let data = quoted.data(using: .utf8),
              let value = try? JSONDecoder().decode(String.self, from: data) else { return raw }
        return value
    }
}
