import FolioCore
import FolioProviders
import FolioTesting
import Foundation

/// Measures `ServerSentEventDecoder` throughput against the line-splitting parser
/// weaker clients use, on the same recorded llama.cpp stream repeated past 20 MB.
///
/// Both parsers see the identical buffer in the same process; each is timed best
/// of three. Folio's decoder is fed 16 KiB chunks, as a network read delivers them.
func runSSEDecodingBenchmark() -> BenchmarkFigure {
    let stream = sseBenchmarkStream(minimumBytes: 20_000_000)
    let megabytes = Double(stream.count) / 1_000_000

    var decodedEvents = 0
    let ours = bestOfThree {
        decodedEvents = decodeWithFolio(stream, chunkSize: 16 * 1024)
    }
    var naiveEvents = 0
    let naive = bestOfThree {
        naiveEvents = decodeNaively(stream)
    }
    precondition(decodedEvents == naiveEvents, "the parsers disagree: \(decodedEvents) vs \(naiveEvents) events")

    return BenchmarkFigure(
        name: "SSE decoding (\(Int(megabytes)) MB, \(decodedEvents) events)",
        value: megabytes / ours,
        unit: "MB/s",
        baseline: megabytes / naive
    )
}

/// The recorded llama.cpp stream, repeated until it is at least `minimumBytes` long.
private func sseBenchmarkStream(minimumBytes: Int) -> [UInt8] {
    let recording: [UInt8]
    do {
        recording = try Fixtures.bytes("llamacpp-chat-stream.txt")
    } catch {
        fatalError("the SSE benchmark needs its fixture: \(error)")
    }
    var stream: [UInt8] = []
    stream.reserveCapacity(minimumBytes + recording.count)
    while stream.count < minimumBytes { stream += recording }
    return stream
}

/// Decodes `stream` chunk by chunk and returns the number of events.
private func decodeWithFolio(_ stream: [UInt8], chunkSize: Int) -> Int {
    var decoder = ServerSentEventDecoder()
    var events = 0
    var dataBytes = 0
    stream.withUnsafeBufferPointer { buffer in
        var start = 0
        while start < buffer.count {
            let end = min(start + chunkSize, buffer.count)
            for event in decoder.decode(UnsafeBufferPointer(rebasing: buffer[start..<end])) {
                events += 1
                dataBytes &+= event.data.utf8.count
            }
            start = end
        }
    }
    events += decoder.finish().count
    precondition(dataBytes > 0)
    return events
}

/// The baseline: split the whole text into lines and keep those starting with `data:`.
private func decodeNaively(_ stream: [UInt8]) -> Int {
    let text = String(decoding: stream, as: UTF8.self)
    var events = 0
    var dataBytes = 0
    for line in text.components(separatedBy: "\n") where line.hasPrefix("data:") {
        let payload = String(line.dropFirst(5)).trimmingCharacters(in: .whitespaces)
        events += 1
        dataBytes &+= payload.utf8.count
    }
    precondition(dataBytes > 0)
    return events
}

/// The shortest of three runs of `body`, in seconds.
private func bestOfThree(_ body: () -> Void) -> Double {
    let clock = ContinuousClock()
    var best = Double.infinity
    for _ in 0..<3 {
        let elapsed = clock.measure(body)
        let seconds = elapsed.seconds
        best = min(best, seconds)
    }
    return best
}
