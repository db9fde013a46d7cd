import FolioCore
import FolioProviders
import FolioTesting
import Foundation

/// Decoding throughput of each provider's stream format — OpenAI and Anthropic SSE,
/// Gemini SSE with CRLF line ends, Ollama NDJSON — by Folio's incremental decoders fed
/// 16 KiB chunks, against a naive parser that splits the whole text into lines, on the
/// same recorded stream repeated past 20 MB. Best of three each.
func runStreamFormatDecodingBenchmark() throws -> [BenchmarkFigure] {
    let formats: [(name: String, fixture: String, ndjson: Bool)] = [
        ("OpenAI SSE", "openai-chat-stream.txt", false),
        ("Anthropic SSE", "anthropic-messages-stream.txt", false),
        ("Gemini SSE (CRLF)", "gemini-stream.txt", false),
        ("Ollama NDJSON", "ollama-chat-stream.ndjson", true),
    ]
    return try formats.map { format in
        let recording = try Fixtures.bytes(format.fixture)
        var stream: [UInt8] = []
        while stream.count < 20_000_000 { stream += recording }
        let megabytes = Double(stream.count) / 1_000_000
        var ours = 0, naive = 0
        let oursSeconds = bestOfThreeRuns { ours = format.ndjson ? decodeNDJSON(stream) : decodeSSE(stream) }
        let naiveSeconds = bestOfThreeRuns { naive = naiveLines(stream, ndjson: format.ndjson) }
        precondition(ours == naive, "\(format.name): the parsers disagree: \(ours) vs \(naive)")
        return BenchmarkFigure(name: "\(format.name) decoding (\(Int(megabytes)) MB, \(ours) records)",
                               value: megabytes / oursSeconds, unit: "MB/s", baseline: megabytes / naiveSeconds)
    }
}

private func chunks(_ stream: [UInt8], _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
    stream.withUnsafeBufferPointer { buffer in
        var start = 0
        while start < buffer.count {
            let end = min(start + 16 * 1024, buffer.count)
            body(UnsafeBufferPointer(rebasing: buffer[start..<end]))
            start = end
        }
    }
}

private func decodeSSE(_ stream: [UInt8]) -> Int {
    var decoder = ServerSentEventDecoder()
    var events = 0
    chunks(stream) { events += decoder.decode($0).count }
    return events + decoder.finish().count
}

private func decodeNDJSON(_ stream: [UInt8]) -> Int {
    var decoder = NDJSONDecoder()
    var lines = 0
    chunks(stream) { lines += decoder.decode($0).count }
    return lines + decoder.finish().count
}

/// The baseline: the whole text split into lines (LF or CRLF, as Swift's `isNewline` sees
/// them), keeping `data:` lines (SSE) or every line (NDJSON).
private func naiveLines(_ stream: [UInt8], ndjson: Bool) -> Int {
    let text = String(decoding: stream, as: UTF8.self)
    var records = 0
    for line in text.split(whereSeparator: \.isNewline) where ndjson || line.hasPrefix("data:") {
        records += 1
    }
    return records
}

private func bestOfThreeRuns(_ body: () -> Void) -> Double {
    let clock = ContinuousClock()
    var best = Double.infinity
    for _ in 0..<3 {
        let elapsed = clock.measure(body)
        best = min(best, elapsed.seconds)
    }
    return best
}
