import FolioCore
import FolioTelemetry
import Foundation

/// `folio stats` over a 1,000,000-line generation log: time and peak memory growth, against
/// Python's json module reading the same file and computing the same figures (baseline).
func runStatsBenchmark() throws -> [BenchmarkFigure] {
    let lines = 1_000_000
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("folio-stats-bench-\(getpid())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("generations.jsonl").path
    try writeLog(path: path, lines: lines)

    let peakBefore = peakResidentKilobytes()
    let started = ContinuousClock.now
    let summary = try GenerationStats.summarise(files: [path], query: StatsQuery(grouping: .provider))
    let seconds = (ContinuousClock.now - started).seconds
    let growth = Double(peakResidentKilobytes() - peakBefore) / 1024
    guard summary.total.requests == lines else { throw FolioError.runtime("read \(summary.total.requests) of \(lines) lines") }

    let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("python/stats_baseline.py").path
    let baseline = try pythonSeconds(script: script, log: path, expected: lines)
    let megabytes = Double((try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0) / 1_048_576
    return [
        BenchmarkFigure(name: "stats, 1,000,000-line log (\(Int(megabytes)) MB), by provider", value: seconds, unit: "s",
                        baseline: baseline),
        BenchmarkFigure(name: "stats, lines per second", value: Double(lines) / seconds, unit: "lines/s",
                        baseline: Double(lines) / baseline),
        BenchmarkFigure(name: "stats, peak memory growth while reading", value: growth, unit: "MB",
                        baseline: megabytes),
    ]
}

/// Writes `lines` records as the log writer would (sorted keys, one per line), in big blocks.
private func writeLog(path: String, lines: Int) throws {
    FileManager.default.createFile(atPath: path, contents: nil)
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    defer { try? handle.close() }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    let providers = ["local", "openai", "anthropic", "cache"]
    var block = Data()
    for number in 0..<lines {
        let provider = providers[number % providers.count]
        let record = GenerationRecord(
            time: "2026-12-02T10:00:00Z", unix: 1_796_200_000 + Double(number), command: "generate",
            purpose: "chapter:book-\(number % 50):\(number % 30)",
            attempts: [.init(provider: provider, outcome: "ok")], provider: provider, model: "model-\(provider)",
            firstTokenMilliseconds: Double(number % 997) / 3, totalMilliseconds: Double(number % 9973) + 0.5,
            promptTokens: 800 + number % 400, completionTokens: 300 + number % 300, costUSD: 0.0004,
            cache: provider == "cache" ? "hit" : "miss", retries: 0, fallbacks: number % 50 == 0 ? 1 : 0,
            finishReason: number % 100 == 0 ? nil : "stop", error: number % 100 == 0 ? "every tier failed" : nil,
            quality: number % 3 == 0 ? 0.7 : nil, promptSHA256: String(repeating: "a", count: 64),
            promptCharacters: 3000, answerSHA256: String(repeating: "b", count: 64), answerCharacters: 1500)
        block.append(try encoder.encode(record))
        block.append(0x0A)
        if block.count > 8 << 20 {
            handle.write(block)
            block.removeAll(keepingCapacity: true)
        }
    }
    handle.write(block)
}

private func peakResidentKilobytes() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return 0 }
    return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
}

/// Seconds the Python baseline reports for summarising `log`; 0 when python3 is missing.
private func pythonSeconds(script: String, log: String, expected: Int) throws -> Double {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", script, log]
    let pipe = Pipe()
    process.standardOutput = pipe
    do { try process.run() } catch { return 0 }
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    let parts = output.split(separator: " ")
    guard process.terminationStatus == 0, parts.count == 2, Int(parts[0]) == expected else { return 0 }
    return Double(parts[1].trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
}
