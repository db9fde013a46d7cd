import FolioCore
import FolioPosts
import FolioProviders
import FolioPublishing
import FolioRuntime
import FolioTesting
import Foundation

/// Posts about repositories:
///
/// - reading and indexing a repository of about 150 files (a git repository made here from the
///   tracked files of the swift-log checkout), warm — the same commit again, nothing embedded —
///   against cold (a fresh index);
/// - a batch of 20 generated repositories with `--jobs 2` against `--jobs 1`, every model call
///   answered by a scripted provider after 100 ms (a hosted model's latency stand-in), each run
///   on a warm index and a fresh posts folder.
func runPostBenchmark() async throws -> [BenchmarkFigure] {
    let scratch = try TemporaryDirectory("folio-bench-posts")
    defer { scratch.remove() }
    let checkout = FolioBinary.packageRoot.appendingPathComponent(".build/checkouts/swift-log").path
    guard FileManager.default.fileExists(atPath: checkout) else {
        log("posts: \(checkout) absent (run swift package resolve); skipped")
        return []
    }
    let repository = try copyTracked(checkout, to: scratch.appending("swift-log"))
    var figures: [BenchmarkFigure] = []

    figures.append(try await withPostRuntime(scratch, cache: "cache-index") { pipeline in
        let cold = try await timed { _ = try await pipeline.index(try pipeline.read(repository)) }
        var warm = Double.infinity
        for _ in 0..<3 { warm = min(warm, try await timed { _ = try await pipeline.index(try pipeline.read(repository)) }) }
        let files = try pipeline.read(repository).files
        return BenchmarkFigure(name: "repository read + index, \(files) files, warm (vs cold)", value: warm,
                               unit: "s", baseline: cold)
    })

    var list: [String] = []
    for number in 1...20 { list.append(try ScriptedPosts.makeRepository("tool\(number)", in: scratch.path)) }
    let entries = BatchList.parse(list.joined(separator: "\n"))
    var seconds: [Int: Double] = [:]
    for jobs in [1, 1, 2] {  // the first run warms the indexes
        seconds[jobs] = try await withPostRuntime(scratch, cache: "cache-batch", posts: "posts-\(UUID().uuidString.prefix(8))") {
            pipeline in
            let runner = BatchRunner(pipeline: pipeline, jobs: jobs, resume: false, brief: PostBrief(), hook: nil)
            var outcomes: [BatchRunner.Outcome] = []
            let time = try await timed { outcomes = try await runner.run(entries) { _, _ in } }
            let failed = outcomes.filter { $0.status != .ok }
            guard failed.isEmpty else {
                throw FolioError.runtime("batch benchmark: \(failed.count) entries failed, first: \(failed[0].reason ?? "?")")
            }
            return time
        }
    }
    figures.append(BenchmarkFigure(name: "batch of 20 repositories, --jobs 2 (vs --jobs 1)", value: seconds[2]!, unit: "s",
                                   baseline: seconds[1]!))
    return figures
}

/// A runtime whose model tier is the scripted post provider, with its caches and posts under
/// `scratch`; runs `body` with its post pipeline (no response cache, so every call is made).
private func withPostRuntime<T: Sendable>(_ scratch: TemporaryDirectory, cache: String, posts: String = "posts",
                                          _ body: @escaping @Sendable (PostPipeline) async throws -> T) async throws -> T {
    let settings = try await Settings.load(environment: [
        "CACHE_DIR": scratch.appending(cache), "POSTS_DIR": scratch.appending(posts), "SAFETY_JUDGE": "offline",
        "CACHE_BACKEND": "memory", "LOG_LEVEL": "error",
        "LOCAL_MODEL_PATH": FolioBinary.packageRoot.appendingPathComponent(Settings.LocalModel.bundledModelPath).path,
    ])
    return try await FolioRuntime.with(settings, command: "bench", providers: [ScriptedPostProvider(latency: .milliseconds(100))]) {
        runtime in try await body(try runtime.postPipeline(cached: false))
    }
}

/// Answers the post chain's prompts as ``ScriptedPosts`` does, after `latency`.
private struct ScriptedPostProvider: LanguageModelProvider {
    let name = "scripted"
    let defaultModel = "scripted-posts"
    let latency: Duration

    func stream(_ request: ChatRequest) -> AsyncThrowingStream<StreamEvent, any Error> {
        let prompt = request.messages.last?.content ?? ""
        return AsyncThrowingStream { continuation in
            let task = Task {
                try? await Task.sleep(for: latency)
                continuation.yield(.text(ScriptedPosts.answer(prompt)))
                continuation.yield(.finish(.stop))
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}

/// The tracked files of `checkout` copied to `destination` and committed there as a new git
/// repository; returns `destination`.
private func copyTracked(_ checkout: String, to destination: String) throws -> String {
    let files = try git(["ls-files"], in: checkout).split(separator: "\n").map(String.init)
    for file in files {
        let target = destination + "/" + file
        try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: checkout + "/" + file, toPath: target)
    }
    for arguments in [["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "Copy for the benchmark"]] {
        _ = try git(["-c", "user.name=Bench", "-c", "user.email=bench@example.invalid"] + arguments, in: destination)
    }
    return destination
}

private func git(_ arguments: [String], in folder: String) throws -> String {
    let process = Process()
    let pipe = Pipe()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["git"] + arguments
    process.currentDirectoryURL = URL(fileURLWithPath: folder)
    process.standardOutput = pipe
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw FolioError.runtime("git \(arguments.joined(separator: " ")) failed in \(folder)") }
    return String(decoding: output, as: UTF8.self)
}

private func timed(_ body: () async throws -> Void) async throws -> Double {
    let started = ContinuousClock.now
    try await body()
    return (ContinuousClock.now - started).seconds
}
