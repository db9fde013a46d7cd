import FolioBooks
import FolioContext
import FolioCore
import FolioHTTP
import FolioProviders
import FolioRetrieval
import FolioTesting
import FolioTokenizers
import Foundation

/// Books a reader would keep: five four-chapter books written by the bundled local model at
/// fixed seeds, with the outline review, chapter guards, repetition control and small-window
/// prompt (Folio as it is) against the same pipeline with all of them switched off (the
/// baseline). The same two runs with a provider that loops, copies and echoes on
/// purpose (``runBookGuardsBenchmark()``), which shows each guard firing.
func runBookQualityBenchmark() async throws -> [BenchmarkFigure] {
    let books = [
        ("The Lighthouse Keeper", "A short novel about a keeper who finds a message in a bottle."),
        ("Harbor Lights", "A quiet mystery in a fishing town where the harbor lights go out one by one."),
        ("The Clockmaker's Apprentice", "A young apprentice discovers that her master's clocks can stop time."),
        ("Winter Orchard", "A family keeps their apple orchard alive through the hardest winter in memory."),
        ("The Last Train North", "Two strangers share the last train north before the border closes."),
    ]
    let root = FolioBinary.packageRoot.path
    let modelPath = root + "/models/SmolLM2-135M-Instruct.Q4_1.gguf"
    let configuration = LocalModelServer.Configuration(serverPath: root + "/models/bin/llama-server", modelPath: modelPath)
    let transport = CurlTransport()
    let counter = try GGUFTokenizer.shared(ggufFile: modelPath)
    let embedder = try MiniLMEmbedder(directory: root + "/models/all-MiniLM-L6-v2")

    var figures: [BenchmarkFigure] = []
    try await withLocalModelServer(configuration, transport: transport) { server in
        let local = OpenAICompatibleProvider(
            name: "local", endpoint: Endpoint(baseURL: server.baseURL, model: "smollm2-135m-instruct"),
            transport: transport)
        var after = BookQualityFigures()
        var before = BookQualityFigures()
        for (index, (title, instructions)) in books.enumerated() {
            let request = BookRequest(title: title, instructions: instructions, language: "English",
                                      chapters: 4, wordsPerChapter: 250)
            for guarded in [false, true] {
                let book = try await writeBook(request, chain: ProviderChain(tiers: [local]), guarded: guarded,
                                               seed: 1000 * (index + 1), counter: counter, embedder: embedder)
                if guarded { after.add(book) } else { before.add(book) }
                report(book, title: title, guarded: guarded)
            }
        }
        figures += compare(after, before, prefix: "book quality, local model")
    }
    return figures
}

/// The book-quality figures for a provider that loops, copies and echoes on purpose, guarded
/// and not: proof that each guard fires, without a model.
func runBookGuardsBenchmark() async throws -> [BenchmarkFigure] {
    let root = FolioBinary.packageRoot.path
    let counter = try GGUFTokenizer.shared(ggufFile: root + "/models/SmolLM2-135M-Instruct.Q4_1.gguf")
    let embedder = try MiniLMEmbedder(directory: root + "/models/all-MiniLM-L6-v2")
    var figures: [BenchmarkFigure] = []
    var scriptedAfter = BookQualityFigures()
    var scriptedBefore = BookQualityFigures()
    for guarded in [false, true] {
        let request = BookRequest(title: "The Keeper", instructions: "A short tale of the sea.", language: "English",
                                  chapters: 4, wordsPerChapter: 250)
        let book = try await writeBook(request, chain: ProviderChain(tiers: [MisbehavingProvider()]), guarded: guarded,
                                       seed: 7, counter: counter, embedder: embedder)
        if guarded { scriptedAfter.add(book) } else { scriptedBefore.add(book) }
        report(book, title: "misbehaving", guarded: guarded)
    }
    figures += compare(scriptedAfter, scriptedBefore, prefix: "book quality, misbehaving provider")
    for (kind, count) in scriptedAfter.guardActions.sorted(by: { $0.key < $1.key }) {
        figures.append(BenchmarkFigure(name: "misbehaving provider: guard fired (\(kind))", value: Double(count),
                                       unit: "times", baseline: Double(scriptedBefore.guardActions[kind] ?? 0)))
    }
    return figures
}

/// Writes one book in a scratch folder; `nil` when the run failed (the failure is logged).
private func writeBook(_ request: BookRequest, chain: ProviderChain, guarded: Bool, seed: Int,
                       counter: any TokenCounter, embedder: any Embedder) async throws -> Book? {
    let scratch = try TemporaryDirectory("folio-book-quality")
    defer { scratch.remove() }
    var options = BookPipeline.Options()
    options.seed = seed
    options.tokenCounter = counter
    options.contextWindow = 4096
    options.context.endingOnlyTokens = BookPipeline.Options.endingTokens  // as settings give a 4096-token window
    if !guarded {
        options.reviewsOutline = false
        options.guardsEnabled = false
        options.repetition = nil
        options.context.endingOnlyTokens = nil
    }
    let store = BookStore(directory: scratch.path)
    let retrieval = BookRetrieval(
        bookDirectory: store.folder(for: request.slug).path, slug: request.slug, embedder: embedder,
        storeOptions: .init(), retrieverOptions: .init(mode: .hybrid), chat: chain)
    let pipeline = BookPipeline(store: store, chain: chain, options: options, summaries: retrieval,
                                retriever: retrieval, indexer: retrieval)
    do {
        return try await pipeline.run(request) { _ in }
    } catch {
        FileHandle.standardError.write(Data("book-quality: '\(request.title)' (\(guarded ? "guarded" : "baseline")) failed: \(error)\n".utf8))
        return nil
    }
}

private func report(_ book: Book?, title: String, guarded: Bool) {
    guard ProcessInfo.processInfo.environment["FOLIO_BENCH_VERBOSE"] != nil, let book else { return }
    var lines = ["== \(title) (\(guarded ? "guarded" : "baseline")): " + book.outline.map(\.title).joined(separator: " | ")]
    for record in book.chapters {
        let quality = record.quality
        lines.append("  ch\(record.number): \(quality?.words ?? 0) words, copied run \(quality?.longestCopiedRun ?? 0), "
            + "repeated \(quality?.repeatedSentenceShare ?? 0), echo \(quality?.echoLines ?? 0), "
            + "actions \(quality?.guardActions.map { "\($0.kind.rawValue)/\($0.action)" } ?? [])")
    }
    lines.append("  time: \(book.timings?.line ?? "-") · total \(book.timings?.total ?? 0) s")
    FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
}

private func compare(_ after: BookQualityFigures, _ before: BookQualityFigures, prefix: String) -> [BenchmarkFigure] {
    zip(after.values, before.values).map { ours, baseline in
        BenchmarkFigure(name: "\(prefix): \(ours.0)", value: ours.1, unit: ours.2, baseline: baseline.1)
    }
}
