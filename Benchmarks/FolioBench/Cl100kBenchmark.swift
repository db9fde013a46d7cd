import FolioCore
import FolioTesting
import FolioTokenizers
import Foundation

/// cl100k encoding throughput against tiktoken (OpenAI's Rust implementation, called from
/// Python) on the same text in the same run: the repository's documents and sources plus the
/// parity corpus (prose, code, CJK, emoji, numbers), repeated to about 4 MB. Only the encode
/// calls are timed, best of three on each side; the ids must be identical.
///
/// tiktoken comes from the system Python when it has it, else from a throwaway virtual
/// environment under ~/.cache/folio (pip install tiktoken).
func runCl100kBenchmark() throws -> [BenchmarkFigure] {
    let root = FolioBinary.packageRoot
    let tokenizer = try Cl100kTokenizer(ranksFile: root.appendingPathComponent("models/cl100k_base.tiktoken").path)
    let text = try cl100kBenchmarkText(minimumBytes: 4_000_000)
    let megabytes = Double(text.utf8.count) / 1_000_000

    var ours: [Int] = []
    var best = Double.infinity
    for _ in 0..<3 {
        let started = ContinuousClock.now
        ours = tokenizer.encode(text)
        best = min(best, (ContinuousClock.now - started).seconds)
    }

    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("folio-bench-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let textFile = folder.appendingPathComponent("text.txt")
    let idsFile = folder.appendingPathComponent("ids.json")
    try Data(text.utf8).write(to: textFile)
    let script = root.appendingPathComponent("Benchmarks/python/cl100k_reference.py").path
    let output = try runPython(try tiktokenPython(), [script, "time", textFile.path, "3", idsFile.path])
    struct Timing: Decodable { let seconds: Double; let count: Int }
    let timing = try JSONDecoder().decode(Timing.self, from: Data(output.utf8))
    let theirs = try JSONDecoder().decode([Int].self, from: Data(contentsOf: idsFile))
    guard theirs == ours else {
        let first = zip(ours, theirs).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(ours.count, theirs.count)
        let kept = FileManager.default.temporaryDirectory.appendingPathComponent("folio-cl100k-mismatch.txt")
        try? FileManager.default.removeItem(at: kept)
        try? FileManager.default.copyItem(at: textFile, to: kept)
        throw BenchmarkFailure("cl100k ids differ from tiktoken's at token \(first) (\(ours.count) vs \(theirs.count) tokens); "
            + "the text is in \(kept.path)")
    }
    return [
        BenchmarkFigure(name: "cl100k encoding (\(Int(megabytes.rounded())) MB, \(ours.count) tokens, ids identical to tiktoken)",
                        value: megabytes / best, unit: "MB/s", baseline: megabytes / timing.seconds),
    ]
}

/// A benchmark's failure, with what went wrong.
struct BenchmarkFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

private func cl100kBenchmarkText(minimumBytes: Int) throws -> String {
    let root = FolioBinary.packageRoot
    var parts: [String] = []
    for folder in ["Sources", "Benchmarks", "Tests"] {
        let base = root.appendingPathComponent(folder)
        let files = (FileManager.default.enumerator(atPath: base.path)?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix(".swift") || $0.hasSuffix(".md") }.sorted()
        for file in files {
            if let text = try? String(contentsOf: base.appendingPathComponent(file), encoding: .utf8) { parts.append(text) }
        }
    }
    for document in ["README.md", "config.env"] {
        if let text = try? String(contentsOf: root.appendingPathComponent(document), encoding: .utf8) { parts.append(text) }
    }
    struct Case: Decodable { let text: String }
    parts += try JSONDecoder().decode([Case].self, from: Data(Fixtures.bytes("cl100k-parity.json"))).map(\.text)
    let once = parts.joined(separator: "\n\n")
    var text = once
    while text.utf8.count < minimumBytes { text += "\n\n" + once }
    return text
}

/// A Python that can import tiktoken: the system's, else a venv made for the benchmark.
private func tiktokenPython() throws -> String {
    if (try? runPython("/usr/bin/env", ["python3", "-c", "import tiktoken"])) != nil { return "python3" }
    let venv = FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/folio/bench-venv")
    let python = venv.appendingPathComponent("bin/python").path
    if (try? runPython(python, ["-c", "import tiktoken"])) != nil { return python }
    FileHandle.standardError.write(Data("cl100k: installing tiktoken into \(venv.path)\n".utf8))
    _ = try runPython("/usr/bin/env", ["python3", "-m", "venv", venv.path])
    _ = try runPython(python, ["-m", "pip", "install", "--quiet", "tiktoken"])
    return python
}

/// Runs `executable arguments…` and returns its stdout; throws on a non-zero exit.
func runPython(_ executable: String, _ arguments: [String]) throws -> String {
    let process = Process()
    if executable.hasPrefix("/") {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
    } else {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
    }
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw BenchmarkFailure("\(executable) \(arguments.prefix(2).joined(separator: " ")) exited with \(process.terminationStatus)")
    }
    return String(decoding: data, as: UTF8.self)
}
