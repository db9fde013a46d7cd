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
    let embedder = CachingEmbedder(try MiniLMEmbedder(directory: miniLMDirectory()))
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
    let embedder = CachingEmbedder(try MiniLMEmbedder(directory: miniLMDirectory()))
    _ = try await wiceTestRows(embedder)
    embedder.save()
    for name in ["qags_xsum", "qags_cnndm", "frank"] {
        _ = try await groundedTestRows(name, embedder)
        embedder.save()
    }
}

/// Claims checked per second on a 2,000-word chapter against a folder of 50 pages of sources
/// (500 words a page, read from disk), beside the time the local model takes to write those
/// 2,000 words; the goal is a whole check under 10 % of that time.
///
/// The claims-per-second figure's baseline is the rate that goal needs; the whole check's
/// baseline is the model's writing time (a ratio under 0.1 meets the goal). Without the local
/// model server the figures stand alone (baseline 0: the results file is JSON, which has no NaN).
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
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    for (number, page) in pages.enumerated() {
        try page.write(to: folder.appendingPathComponent(String(format: "page-%02d.md", number + 1)), atomically: true, encoding: .utf8)
    }
    let chain = try SafetyChain(embedder: try MiniLMEmbedder(directory: miniLMDirectory()), judge: try shippedJudge(),
                                options: SafetyChain.Options(evidence: ClaimScoring.indexOptions))
    let indexStart = ContinuousClock.now
    let documents = try SourceDocument.load(path: folder.path)
    let index = try await EvidenceIndex.build(documents: documents, embedder: chain.embedder, options: chain.options.evidence)
    let indexSeconds = (ContinuousClock.now - indexStart).seconds
    let checkStart = ContinuousClock.now
    let report = try await chain.check(text: text, index: index)
    let checkSeconds = (ContinuousClock.now - checkStart).seconds
    let total = indexSeconds + checkSeconds
    let claims = Double(report.claims.count)
    log(String(format: "safety-speed: %d words, %d claims, %d pages (%d passages): index %.1f s, check %.1f s",
               text.split(separator: " ").count, report.claims.count, documents.count, index.passages.count,
               indexSeconds, checkSeconds))
    // The local model is only the baseline: when its server cannot start, the figures stand alone.
    guard let writing = try? await localModelSecondsFor(words: 2000) else {
        return [
            BenchmarkFigure(name: "safety claims checked per second (2,000 words vs 50 pages, incl. indexing)",
                            value: claims / total, unit: "claims/s", baseline: 0),
            BenchmarkFigure(name: "safety check of a 2,000-word chapter incl. indexing 50 pages", value: total, unit: "s", baseline: 0),
        ]
    }
    log(String(format: "safety-speed: the local model writes 2,000 words in %.0f s", writing))
    return [
        BenchmarkFigure(name: "safety claims checked per second (2,000 words vs 50 pages, incl. indexing; vs rate for 10 % of writing time)",
                        value: claims / total, unit: "claims/s", baseline: claims / (0.1 * writing)),
        BenchmarkFigure(name: "safety check of a 2,000-word chapter incl. indexing 50 pages (vs local model writing it)",
                        value: total, unit: "s", baseline: writing),
    ]
}

/// Seconds the bundled local model takes to write `words` words, from its decoding rate on a
/// 256-token answer; nil when the local model server is not built.
private func localModelSecondsFor(words: Int) async throws -> Double? {
    let root = FolioBinary.packageRoot.path
    guard FileManager.default.isExecutableFile(atPath: root + "/models/bin/llama-server") else { return nil }
    let configuration = LocalModelServer.Configuration(
        serverPath: root + "/models/bin/llama-server", modelPath: root + "/models/SmolLM2-135M-Instruct.Q4_1.gguf")
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
        return seconds * Double(words) / Double(written)
    }
}

/// Share of the secret rules' own true samples caught and false samples flagged.
private func policySampleFigures() throws -> [BenchmarkFigure] {
    let rules = try SecretRuleSet.bundled()
    let scanner = try SecretScanner(ruleSet: rules, entropyCheck: nil)
    var generator = SplitMix(seed: 3)
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
    let embedder = CachingEmbedder(try MiniLMEmbedder(directory: miniLMDirectory()))
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
