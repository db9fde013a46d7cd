/// The fields of one log line that `folio stats` reads, scanned straight from its bytes.
///
/// A full JSON decode of every line costs far more than the summary needs; this reads the
/// flat top-level object that `GenerationLog` writes, skipping nested values (`attempts`) and
/// keys it does not need. Text fields stay byte ranges of the line, so a line allocates
/// nothing; only a group's name becomes a `String`, once per group. A line that is not such an
/// object is skipped by the caller.
struct LogLineFields {
    /// A string field: where its raw contents lie in the line, and whether they hold escapes.
    struct Text {
        var range: Range<Int>
        var escaped = false
    }

    var unix: Double?
    /// Whether the line scores finished work (`GenerationAssessment`) rather than records a call.
    var isAssessment = false
    var purpose: Text?
    var provider: Text?
    var hasError = false
    var cacheHit = false
    /// Whether the call looked in the cache (`hit` or `miss`).
    var cacheLookup = false
    var firstTokenMilliseconds: Double?
    var totalMilliseconds: Double?
    var promptTokens = 0.0
    var completionTokens = 0.0
    var costUSD = 0.0
    var fallbacks = 0.0
    var quality: Double?
    var safetyConfidence: Double?
    var unsupportedClaimRate: Double?

    /// The fields of the JSON object in `scanner`'s line, or `nil` when it is not a flat JSON object.
    init?(_ scanner: inout LogLineScanner) {
        guard scanner.consume(UInt8(ascii: "{")) else { return nil }
        scanner.skipSpace()
        if scanner.consume(UInt8(ascii: "}")) { return }
        while true {
            scanner.skipSpace()
            guard let key = scanner.stringRange() else { return nil }
            scanner.skipSpace()
            guard scanner.consume(UInt8(ascii: ":")) else { return nil }
            scanner.skipSpace()
            guard read(key: key.range, from: &scanner) else { return nil }
            scanner.skipSpace()
            if scanner.consume(UInt8(ascii: ",")) { continue }
            guard scanner.consume(UInt8(ascii: "}")) else { return nil }
            return
        }
    }

    private mutating func read(key: Range<Int>, from scanner: inout LogLineScanner) -> Bool {
        // Keys are compared as bytes: making a String of each of a million lines' twenty-odd
        // keys cost more than all the rest of the scan.
        switch key.count {
        case 4:
            if scanner.bytes(key, equal: "unix") { return scanner.number().map { unix = $0 } != nil }
            if scanner.bytes(key, equal: "kind") {
                guard let value = scanner.stringRange() else { return false }
                isAssessment = scanner.string(value.range, escaped: value.escaped, is: "assessment")
                return true
            }
        case 5:
            if scanner.bytes(key, equal: "error") { return scanner.stringRange().map { _ in hasError = true } != nil }
            if scanner.bytes(key, equal: "cache") {
                guard let value = scanner.stringRange() else { return false }
                cacheHit = scanner.string(value.range, escaped: value.escaped, is: "hit")
                cacheLookup = cacheHit || scanner.string(value.range, escaped: value.escaped, is: "miss")
                return true
            }
        case 7:
            if scanner.bytes(key, equal: "purpose") { return scanner.stringRange().map { purpose = Text(range: $0.range, escaped: $0.escaped) } != nil }
            if scanner.bytes(key, equal: "ttft_ms") { return scanner.number().map { firstTokenMilliseconds = $0 } != nil }
            if scanner.bytes(key, equal: "quality") { return scanner.number().map { quality = $0 } != nil }
        case 8:
            if scanner.bytes(key, equal: "provider") { return scanner.stringRange().map { provider = Text(range: $0.range, escaped: $0.escaped) } != nil }
            if scanner.bytes(key, equal: "total_ms") { return scanner.number().map { totalMilliseconds = $0 } != nil }
            if scanner.bytes(key, equal: "cost_usd") { return scanner.number().map { costUSD = $0 ?? 0 } != nil }
        case 9:
            if scanner.bytes(key, equal: "fallbacks") { return scanner.number().map { fallbacks = $0 ?? 0 } != nil }
        case 13:
            if scanner.bytes(key, equal: "prompt_tokens") { return scanner.number().map { promptTokens = $0 ?? 0 } != nil }
        case 17:
            if scanner.bytes(key, equal: "completion_tokens") { return scanner.number().map { completionTokens = $0 ?? 0 } != nil }
            if scanner.bytes(key, equal: "safety_confidence") { return scanner.number().map { safetyConfidence = $0 } != nil }
        case 22:
            if scanner.bytes(key, equal: "unsupported_claim_rate") {
                return scanner.number().map { unsupportedClaimRate = $0 } != nil
            }
        default:
            break
        }
        return scanner.skipValue()
    }
}
