import FolioTelemetry
import FolioTesting
import Foundation
import Testing

@Suite struct GenerationLogTests {
    static func record(_ number: Int, unix: Double = 1_764_700_000, provider: String? = "local",
                       purpose: String = "chat", total: Double = 100, error: String? = nil) -> GenerationRecord {
        GenerationRecord(
            time: "2025-12-02T18:26:40Z", unix: unix, command: "stream", purpose: purpose, jobID: nil,
            attempts: [.init(provider: provider ?? "local", outcome: error ?? "ok")], provider: provider,
            model: provider == nil ? nil : "m", firstTokenMilliseconds: total / 4, totalMilliseconds: total,
            promptTokens: 10, completionTokens: number, costUSD: 0.001, cache: "miss", retries: 0, fallbacks: 0,
            finishReason: error == nil ? "stop" : nil, error: error, quality: nil, safetyConfidence: nil,
            unsupportedClaimRate: nil, promptSHA256: "p", promptCharacters: 5, answerSHA256: "a",
            answerCharacters: 7, prompt: "secret prompt", answer: "secret answer")
    }

    @Test func concurrentWritersNeverInterleaveLines() async throws {
        let directory = try TemporaryDirectory("folio-log"); defer { directory.remove() }
        var configuration = GenerationLog.Configuration()
        configuration.directory = directory.path
        let log = GenerationLog(configuration)
        await withTaskGroup(of: Void.self) { group in
            for writer in 0..<8 {
                group.addTask {
                    for number in 0..<200 { log.append(Self.record(writer * 1000 + number)) }
                }
            }
        }
        let lines = try String(contentsOfFile: log.path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 1600)
        let decoded = try lines.map { try JSONDecoder().decode(GenerationRecord.self, from: Data($0.utf8)) }
        #expect(Set(decoded.map(\.completionTokens)).count == 1600)
        // Content is off by default: hash and length only.
        #expect(decoded.allSatisfy { $0.prompt == nil && $0.answer == nil })
        #expect(!lines.contains { $0.contains("secret") })
    }

    @Test func theLogRotatesAndKeepsEveryLineUpToItsLimit() async throws {
        let directory = try TemporaryDirectory("folio-log"); defer { directory.remove() }
        var configuration = GenerationLog.Configuration()
        configuration.directory = directory.path
        configuration.maxBytes = 8 * 1024
        configuration.keep = 50
        let log = GenerationLog(configuration)
        for number in 0..<300 { log.append(Self.record(number)) }
        #expect(log.files.count > 3)
        #expect(log.files.last == log.path)
        var seen: [Int] = []
        for file in log.files {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            #expect(text.utf8.count <= configuration.maxBytes)
            seen += try text.split(separator: "\n").map {
                try JSONDecoder().decode(GenerationRecord.self, from: Data($0.utf8)).completionTokens
            }
        }
        #expect(seen == Array(0..<300))  // oldest file first, nothing lost or reordered
    }

    @Test func contentIsLoggedOnlyWhenAskedFor() async throws {
        let directory = try TemporaryDirectory("folio-log"); defer { directory.remove() }
        var configuration = GenerationLog.Configuration()
        configuration.directory = directory.path
        configuration.logsContent = true
        GenerationLog(configuration).append(Self.record(1))
        let text = try String(contentsOfFile: GenerationLog(configuration).path, encoding: .utf8)
        #expect(text.contains("\"prompt\":\"secret prompt\""))
    }
}
