import FolioCore
import FolioHTTP
import FolioProviders
import FolioRetrieval
import FolioSafety
import FolioTesting
import Foundation

/// The safety chain against published anchors and a plain lexical scorer run in the same pass:
/// balanced accuracy of the offline judge on WiCE test (threshold from dev, shipped in
/// `offline-judge.json`), AUC on QAGS and FRANK, evidence recall@5 on WiCE, claims checked per
/// second on a 2,000-word text against a 50-page source folder, and the secret rules' samples.
///
/// The test folder (`shared/data/claims-test/`) is only read here; nothing is fitted on it.
func runSafetyBenchmark() async throws -> [BenchmarkFigure] {
    var figures: [BenchmarkFigure] = []
    let judge = try shippedJudge()
    let model = judge.model
    let embedder = CachingEmbedder(try MiniLMEmbedder(directory: miniLMDirectory(), precision: benchPrecision))
    let testFolder = ClaimData.folder.appendingPathComponent("claims-test").path
    if FileManager.default.fileExists(atPath: testFolder) {
        // The lexical baseline's threshold is fixed on dev too.
        let dev = try await ClaimScoring.cached("claims/wice_dev") {
            try await ClaimScoring.wice(try ClaimData.wice("claims/wice_dev.jsonl"), embedder: embedder, name: "wice")
        }
        let lexicalThreshold = ClaimScoring.bestThreshold(dev.map(ClaimScoring.lexicalScore), dev.map(\.label))
        let test = try await wiceTestRows(embedder)
        let labels = test.map(\.label)
        let ours = ClaimScoring.balancedAccuracy(test.map { ClaimScoring.score($0, judge) }, labels, threshold: model.threshold)
        let lexical = ClaimScoring.balancedAccuracy(test.map(ClaimScoring.lexicalScore), labels, threshold: lexicalThreshold)
        figures.append(BenchmarkFigure(name: "safety judge balanced accuracy, WiCE test (vs lexical recall)",
                                       value: ours, unit: "BAcc", baseline: lexical))
        let gold = test.compactMap(\.recalled)
        let lexicalGold = test.compactMap(\.lexicalRecalled)
        figures.append(BenchmarkFigure(
            name: "evidence recall@5, WiCE test, whole gold set (MiniLM+BM25 vs BM25)",
            value: Double(gold.filter { $0 }.count) / Double(max(1, gold.count)), unit: "share",
            baseline: Double(lexicalGold.filter { $0 }.count) / Double(max(1, lexicalGold.count))))
        for name in ["qags_xsum", "qags_cnndm", "frank"] {
            let rows = try await groundedTestRows(name, embedder)
            figures.append(BenchmarkFigure(
                name: "safety judge AUC, \(name) (vs lexical recall)",
                value: ClaimScoring.auc(rows.map { ClaimScoring.score($0, judge) }, rows.map(\.label)), unit: "AUC",
                baseline: ClaimScoring.auc(rows.map(ClaimScoring.lexicalScore), rows.map(\.label))))
        }
    } else {
        log("safety: \(testFolder) absent; accuracy figures skipped")
    }
    embedder.save()
    figures += try policySampleFigures()
    figures += try await safetySpeedFigures()
    return figures
}

/// The judge in `Sources/FolioSafety/Resources/offline-judge.json` as the repository has it
/// (the file the build copies into the binary), so a refitted judge is measured without
/// rebuilding the library.
func shippedJudge() throws -> OfflineJudge {
    let file = FolioBinary.packageRoot.appendingPathComponent("Sources/FolioSafety/Resources/offline-judge.json")
    return try OfflineJudge(model: JSONDecoder().decode(JudgeModel.self, from: Data(contentsOf: file)))
}

private func wiceTestRows(_ embedder: any Embedder) async throws -> [ScoredRow] {
    try await ClaimScoring.cached("claims-test/wice_test") {
        try await ClaimScoring.wice(try ClaimData.wice("claims-test/wice_test.jsonl"), embedder: embedder, name: "wice")
    }
}

private func groundedTestRows(_ name: String, _ embedder: any Embedder) async throws -> [ScoredRow] {
    try await ClaimScoring.cached("claims-test/\(name)") {
        try await ClaimScoring.grounded(try ClaimData.grounded("claims-test/\(name).csv"), embedder: embedder, name: name)
    }
}

/// `FolioBench cache-safety-features`: computes the test sets' features ahead of the benchmark
/// (they do not depend on the judge's weights; nothing is fitted on them).
func cacheSafetyTestFeatures() async throws {
    let embedder = CachingEmbedder(try MiniLMEmbedder(directory: miniLMDirectory(), precision: benchPrecision))
    _ = try await wiceTestRows(embedder)
    embedder.save()
    for name in ["qags_xsum", "qags_cnndm", "frank"] {
        _ = try await groundedTestRows(name, embedder)
        embedder.save()
    }
}

/// The whole check of a 2,000-word chapter against a folder of 50 pages of sources (500 words
/// a page, read from disk): the shipped way (only the passages the claims' BM25 rankings bring
/// up are embedded) against the former one (every passage embedded up front) in the same run,
/// then a second check of the same folder with its vectors kept on disk, and the first check's
/// share of the time the bundled local model takes to write those 2,000 words (goal: under 10 %).
///
/// The model's time is measured, not assumed: the local model server writes a 256-token answer
/// in this run and its decoding rate (words per second, prompt included) is scaled to 2,000
/// words. A real chapter is written with a longer context, which only slows decoding, so the
/// share printed is if anything too high. Without the local model server the share is left out.
func safetySpeedFigures() async throws -> [BenchmarkFigure] {
    guard FileManager.default.fileExists(atPath: ClaimData.folder.appendingPathComponent("claims/wice_dev.jsonl").path) else {
        log("safety-speed: \(ClaimData.folder.path)/claims absent; skipped")
        return []
    }
    let rows = try ClaimData.wice("claims/wice_dev.jsonl")
    var pages: [String] = []
    var page = ""
    for sentence in rows.flatMap({ $0.evidence.dropFirst() }) where pages.count < 50 {
        page += sentence + (sentence.hasSuffix(".") ? " " : ". ")
        if page.split(separator: " ").count >= 500 { pages.append(page); page = "" }
    }
    var text = ""
    for row in rows where text.split(separator: " ").count < 2000 { text += row.claim + " " }
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("folio-safety-speed-\(UUID().uuidString)")
    let sources = folder.appendingPathComponent("sources")
    let vectorCache = folder.appendingPathComponent("vectors")
    try FileManager.default.createDirectory(at: sources, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    for (number, page) in pages.enumerated() {
        try page.write(to: sources.appendingPathComponent(String(format: "page-%02d.md", number + 1)), atomically: true, encoding: .utf8)
    }
    let embedder = try MiniLMEmbedder(directory: miniLMDirectory(), precision: benchPrecision)
    let judge = try shippedJudge()
    /// One whole check (sources read, indexed, claims checked), in seconds, and its report.
    func check(_ evidence: EvidenceIndex.Options, cache: URL?) async throws -> (seconds: Double, claims: Int, embedded: Int, passages: Int) {
        let chain = try SafetyChain(embedder: embedder, judge: judge,
                                    options: SafetyChain.Options(evidence: evidence, vectorCache: cache))
        let started = ContinuousClock.now
        let index = try await chain.index(of: try SourceDocument.load(path: sources.path))
        let report = try await chain.check(text: text, index: index)
        return ((ContinuousClock.now - started).seconds, report.claims.count, index.embeddedCount, index.passages.count)
    }
    var upFront = ClaimScoring.indexOptions
    upFront.embedsCandidatesOnly = false
    let before = try await check(upFront, cache: nil)
    let first = try await check(ClaimScoring.indexOptions, cache: vectorCache)
    let second = try await check(ClaimScoring.indexOptions, cache: vectorCache)
    log(String(format: "safety-speed: %d words, %d claims, %d pages (%d passages); every passage embedded: %.1f s; "
               + "candidates only: %.1f s (%d passages embedded or pooled); same folder again: %.1f s",
               text.split(separator: " ").count, first.claims, pages.count, first.passages, before.seconds,
               first.seconds, first.embedded, second.seconds))
    var figures = [
        BenchmarkFigure(name: "safety check of a 2,000-word chapter vs 50 pages, first check (vs every passage embedded up front)",
                        value: first.seconds, unit: "s", baseline: before.seconds),
        BenchmarkFigure(name: "safety check of the next chapter vs the same 50 pages, vectors kept on disk (vs first check)",
                        value: second.seconds, unit: "s", baseline: first.seconds),
        BenchmarkFigure(name: "safety claims checked per second, first check incl. indexing (vs every passage embedded up front)",
                        value: Double(first.claims) / first.seconds, unit: "claims/s",
                        baseline: Double(before.claims) / before.seconds),
    ]
    // The local model is only the yardstick: when its server cannot start, the share is left out.
    guard let writing = try? await localModelSecondsFor(words: 2000) else { return figures }
    log(String(format: "safety-speed: the local model writes 2,000 words in %.0f s (rate of a 256-token answer, scaled)", writing))
    figures.append(BenchmarkFigure(
        name: "safety first check's share of the local model's time to write the chapter (vs goal 0.10)",
        value: first.seconds / writing, unit: "share", baseline: 0.1))
    figures.append(BenchmarkFigure(
        name: "safety check with every passage embedded up front, share of the same writing time (vs goal 0.10)",
        value: before.seconds / writing, unit: "share", baseline: 0.1))
    return figures
}

/// Seconds the bundled local model takes to write `words` words, from its rate on a 256-token
/// answer (from sending the request to the last token); nil when the local model server is not built.
private func localModelSecondsFor(words: Int) async throws -> Double? {
    let root = FolioBinary.packageRoot.path
    guard FileManager.default.isExecutableFile(atPath: root + "/models/bin/llama-server") else { return nil }
    let configuration = LocalModelServer.Configuration(
        serverPath: root + "/models/bin/llama-server", modelPath: root + "/" + Settings.LocalModel.bundledModelPath)
    let transport = CurlTransport()
    return try await withLocalModelServer(configuration, transport: transport) { server in
        let provider = OpenAICompatibleProvider(
            name: "local", endpoint: Endpoint(baseURL: server.baseURL, model: "local"), transport: transport)
        let request = ChatRequest(messages: [ChatMessage(.user, "Write a long story about a lighthouse keeper.")],
                                  maxTokens: 256, temperature: 0.7)
        let started = ContinuousClock.now
        var text = ""
        for try await event in provider.stream(request) { if case .text(let piece) = event { text += piece } }
        let seconds = (ContinuousClock.now - started).seconds
        let written = max(1, text.split(whereSeparator: \.isWhitespace).count)
        log(String(format: "safety-speed: the local model wrote %d words in %.1f s", written, seconds))
        return seconds * Double(words) / Double(written)
    }
}

/// Share of the secret rules' own true samples caught and false samples flagged.
private func policySampleFigures() throws -> [BenchmarkFigure] {
    let rules = try SecretRuleSet.bundled()
    let scanner = try SecretScanner(ruleSet: rules, entropyCheck: nil)
    var generator = SeededGenerator(seed: 3)
    var caught = 0, truths = 0, flagged = 0, falses = 0
    for rule in rules.rules {
        for sample in rule.truePositives {
            truths += 1
            let text = SampleSecret.expand(sample, using: &generator)
            if scanner.secrets(in: text).contains(where: { $0.rule == rule.id }) { caught += 1 }
        }
        for sample in rule.falsePositives {
            falses += 1
            let text = SampleSecret.expand(sample, using: &generator)
            if scanner.secrets(in: text).contains(where: { $0.rule == rule.id }) { flagged += 1 }
        }
    }
    return [
        BenchmarkFigure(name: "secret rules: own true samples caught (\(truths) samples, \(rules.rules.count) rules)",
                        value: Double(caught) / Double(max(1, truths)), unit: "share", baseline: 1),
        BenchmarkFigure(name: "secret rules: own false samples flagged (\(falses) samples)",
                        value: Double(flagged) / Double(max(1, falses)), unit: "share", baseline: 0),
    ]
}

/// `FolioBench safety-wice-test`: the WiCE test figures alone (judge balanced accuracy with the
/// shipped threshold, evidence recall@5), from the cached test features.
func measureWiCETest() async throws -> [BenchmarkFigure] {
    let judge = try shippedJudge()
    let embedder = CachingEmbedder(try MiniLMEmbedder(directory: miniLMDirectory(), precision: benchPrecision))
    let dev = try await ClaimScoring.cached("claims/wice_dev") {
        try await ClaimScoring.wice(try ClaimData.wice("claims/wice_dev.jsonl"), embedder: embedder, name: "wice")
    }
    let lexicalThreshold = ClaimScoring.bestThreshold(dev.map(ClaimScoring.lexicalScore), dev.map(\.label))
    let test = try await wiceTestRows(embedder)
    let labels = test.map(\.label)
    let gold = test.compactMap(\.recalled)
    let lexicalGold = test.compactMap(\.lexicalRecalled)
    return [
        BenchmarkFigure(name: "safety judge balanced accuracy, WiCE test (vs lexical recall)",
                        value: ClaimScoring.balancedAccuracy(test.map { ClaimScoring.score($0, judge) }, labels,
                                                             threshold: judge.model.threshold),
                        unit: "BAcc",
                        baseline: ClaimScoring.balancedAccuracy(test.map(ClaimScoring.lexicalScore), labels, threshold: lexicalThreshold)),
        BenchmarkFigure(name: "evidence recall@5, WiCE test, whole gold set (MiniLM+BM25 vs BM25)",
                        value: Double(gold.filter { $0 }.count) / Double(max(1, gold.count)), unit: "share",
                        baseline: Double(lexicalGold.filter { $0 }.count) / Double(max(1, lexicalGold.count))),
    ]
}
