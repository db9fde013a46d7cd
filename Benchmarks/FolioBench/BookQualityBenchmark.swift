import FolioBooks
import FolioContext
import FolioCore
import FolioHTTP
import FolioProviders
import FolioRetrieval
import FolioTesting
import FolioTokenizers
import Foundation
import Synchronization

/// Books a reader would keep: five four-chapter books (fiction and non-fiction, a chapter more
/// than the README's quick start, so the last chapters have earlier ones outside the window)
/// written by the bundled local model at fixed seeds with Folio as it is (outline review, chapter guards, repetition control, small-window prompts), against the
/// same model driven the plain way (``NaiveBookWriter``: one request for the outline, one
/// plain request per chapter, nothing checked). Each book gets its own figures, then the five
/// together.
func runBookQualityBenchmark() async throws -> [BenchmarkFigure] {
    let books = [
        ("The Lighthouse Keeper", "A short novel about a lighthouse keeper on a remote island who finds a message in a bottle."),
        ("Bread at Home", "A practical guide to baking everyday bread in a home kitchen, for complete beginners."),
        ("Harbor Lights", "A quiet mystery in a fishing town where the harbor lights go out one by one."),
        ("Saving Your First Thousand", "A friendly guide for teenagers on earning, budgeting and saving their first thousand dollars."),
        ("The Clockmaker's Apprentice", "A young apprentice discovers that her master's clocks can stop time."),
    ]
    // As the issue of book quality asks: four chapters, so the last ones have earlier chapters
    // outside the sliding window. BOOK_QUALITY_CHAPTERS=N writes N instead.
    let chapters = ProcessInfo.processInfo.environment["BOOK_QUALITY_CHAPTERS"].flatMap(Int.init) ?? 4
    // BOOK_SEED moves every book's seed (each book its own, 1000 apart); the figures are for the default.
    let baseSeed = ProcessInfo.processInfo.environment["BOOK_SEED"].flatMap(Int.init) ?? 1000
    // BOOK_QUALITY_BOOKS=N writes only the first N books, for a quick look.
    let count = ProcessInfo.processInfo.environment["BOOK_QUALITY_BOOKS"].flatMap(Int.init) ?? books.count
    let root = FolioBinary.packageRoot.path
    let modelPath = root + "/" + Settings.LocalModel.bundledModelPath
    // One thread: on a busy two-core machine two threads wait on each other and the model
    // crawls (0.5 tok/s measured), which says nothing about the books.
    var configuration = LocalModelServer.Configuration(serverPath: root + "/models/bin/llama-server", modelPath: modelPath,
                                                       threads: 1)
    configuration.slots = 4  // as LOCAL_SLOTS gives: an outline's drafts are decoded side by side
    // As the file cache gives: an outline step's worked example is restored, not read again.
    configuration.promptFolder = root + "/.cache/folio/prompts"
    let transport = CurlTransport()
    let counter = try GGUFTokenizer.shared(ggufFile: modelPath)
    let embedder = try MiniLMEmbedder(directory: root + "/models/all-MiniLM-L6-v2")

    var figures: [BenchmarkFigure] = []
    let local = LazyLocalModelProvider(configuration: configuration, modelName: "smollm2-135m-instruct", transport: transport)
    do {
        var ours: [BookReport] = []
        var plain: [BookReport] = []
        for (index, (title, instructions)) in books.prefix(count).enumerated() {
            let request = BookRequest(title: title, instructions: instructions, language: "English",
                                      chapters: chapters, wordsPerChapter: 250)
            let seed = baseSeed &+ 1000 &* index
            let naive = try await NaiveBookWriter(chain: ProviderChain(tiers: [local]), seed: seed).write(request)
            var baseline = BookReport(naive: naive, request: request)
            let (book, written) = try await writeBook(request, chain: ProviderChain(tiers: [local]), guarded: true,
                                                    seed: seed, counter: counter, embedder: embedder)
            var folio = written
            baseline.measureCoherence(with: embedder)
            folio.measureCoherence(with: embedder)
            report(book, title: title, guarded: true)
            ours.append(folio)
            plain.append(baseline)
            // A book takes minutes: its figures are shown as soon as it is done.
            let lines = compare(folio, baseline, book: request.slug).map { $0.line + "\n" }.joined()
            FileHandle.standardOutput.write(Data(lines.utf8))
        }
        figures += compare(.pooled(ours), .pooled(plain), book: "quality, \(ours.count) books")
        // What the coherence figures give sentences that do not hang together: Folio's own, dealt
        // out across the books (the baseline column here is Folio's chapters as written).
        let control = BookReport.shuffledControl(ours, encoder: embedder)
        let pooledOurs = BookReport.pooled(ours)
        figures += [
            ("coherence, neighbouring sentences", \BookReport.neighbourSimilarity),
            ("coherence, chapter against its plan", \.planSimilarity),
            ("coherence, entity continuity", \.entityContinuity),
            ("coherence", \.coherenceScore),
        ].map { name, value in
            BenchmarkFigure(name: "book quality, \(ours.count) books: \(name) of sentences shuffled across books (control)",
                            value: control[keyPath: value], unit: "of 1", baseline: pooledOurs[keyPath: value])
        }
    } catch {
        await local.stop()
        throw error
    }
    await local.stop()
    return figures
}

/// The per-book figures, Folio against the plain baseline.
private func compare(_ ours: BookReport, _ baseline: BookReport, book: String) -> [BenchmarkFigure] {
    func figure(_ name: String, _ unit: String, _ value: (BookReport) -> Double) -> BenchmarkFigure {
        BenchmarkFigure(name: "book \(book): \(name)", value: value(ours), unit: unit, baseline: value(baseline))
    }
    // The issue's bars first (goal in the name), then what explains them.
    var figures = [
        figure("written", "books") { Double($0.booksWritten) },
        figure("outlines with all-distinct chapters (goal 100 %)", "%") { report in
            Double(report.booksWithDistinctChapters) / Double(max(report.pooledCount, 1)) * 100
        },
        figure("chapters with no verbatim run over 12 words (goal 100 %)", "%", \.chaptersWithoutCopiedRun),
        figure("longest verbatim run from context", "words") { Double($0.longestCopiedRun) },
        figure("prompt-echo and invented-heading lines (goal 0)", "lines") { Double($0.echoAndMetaLines) },
        figure("repeated-sentence share (goal <= 2 %)", "%", \.repeatedSentenceRate),
        figure("chapters within 60-140 % of the word target (goal >= 90 %)", "%", \.chaptersWithinTarget),
        figure("guards' cost per chapter (goal <= 10 %)", "%", \.guardCost),
        figure("wall time outside writing chapters (goal <= 15 %)", "%", \.outsideWriting),
        figure("outline repairs", "calls") { Double($0.outlineRepairs) },
        figure("words against target", "%", \.wordsAgainstTarget),
        figure("repeated 8-gram rate", "%", \.repeatedEightGramRate),
        figure("12-gram rate copied from context", "%", \.copiedTwelveGramRate),
        figure("writing speed", "tok/s", \.tokensPerSecond),
        figure("coherence, neighbouring sentences (MiniLM cosine)", "of 1", \.neighbourSimilarity),
        figure("coherence, chapter against its plan (MiniLM cosine)", "of 1", \.planSimilarity),
        figure("coherence, entity continuity", "of 1", \.entityContinuity),
        figure("coherence (mean of the three)", "of 1", \.coherenceScore),
    ]
    figures.append(figure("guard interventions", "actions") { Double($0.guardActions.values.reduce(0, +)) })
    for (kind, _) in ours.guardActions.sorted(by: { $0.key < $1.key }) {
        figures.append(figure("guard interventions (\(kind))", "actions") { Double($0.guardActions[kind] ?? 0) })
    }
    return figures
}

/// The book-quality figures for a provider that loops, copies and echoes on purpose, guarded
/// and not: proof that each guard fires, without a model.
func runBookGuardsBenchmark() async throws -> [BenchmarkFigure] {
    let root = FolioBinary.packageRoot.path
    let counter = try GGUFTokenizer.shared(ggufFile: root + "/" + Settings.LocalModel.bundledModelPath)
    let embedder = try MiniLMEmbedder(directory: root + "/models/all-MiniLM-L6-v2")
    var figures: [BenchmarkFigure] = []
    var scriptedAfter = BookQualityFigures()
    var scriptedBefore = BookQualityFigures()
    for guarded in [false, true] {
        let request = BookRequest(title: "The Keeper", instructions: "A short tale of the sea.", language: "English",
                                  chapters: 4, wordsPerChapter: 250)
        // The outline in one answer, where the provider copies one entry into every chapter: the
        // review must send each copy back (planned a chapter at a time, there is nothing to catch).
        let (book, _) = try await writeBook(request, chain: ProviderChain(tiers: [MisbehavingProvider()]), guarded: guarded,
                                            seed: 7, counter: counter, embedder: embedder, byChapter: false)
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

/// Writes one book in a scratch folder, measured; the book is `nil` when the run failed (the failure is logged).
private func writeBook(_ request: BookRequest, chain: ProviderChain, guarded: Bool, seed: Int,
                       counter: any TokenCounter, embedder: any Embedder,
                       byChapter: Bool = true) async throws -> (Book?, BookReport) {
    let scratch = try TemporaryDirectory("folio-book-quality")
    defer { scratch.remove() }
    var options = BookPipeline.Options()
    options.seed = seed
    options.tokenCounter = counter
    options.contextWindow = 4096
    options.context.endingOnlyTokens = BookPipeline.Options.endingTokens  // as settings give a 4096-token window
    options.context.maxPassages = BookPipeline.Options.smallWindowPassages  // likewise
    options.plansOutlineByChapter = byChapter
    options.summarisesChapters = false
    options.serverSlots = 4  // as settings give the local tier
    options.vocabulary = WordList(paths: WordList.systemPaths)  // as settings give
    if byChapter {  // as settings give the local tier
        options.outlineDraws = 2
        options.outlineConcurrency = 4
    }
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
                                retriever: retrieval, indexer: retrieval,
                                sentenceEncoder: guarded ? embedder as? MiniLMEmbedder : nil)
    let repairs = Mutex(0)
    var book: Book?
    do {
        book = try await pipeline.run(request) { event in
            if case .repairingOutline = event { repairs.withLock { $0 += 1 } }
        }
    } catch {
        FileHandle.standardError.write(Data("book-quality: '\(request.title)' (\(guarded ? "guarded" : "baseline")) failed: \(error)\n".utf8))
    }
    let texts = (book?.chapters ?? []).map { record in
        let text = store.readChapter(file: record.file, slug: request.slug) ?? ""
        // The file's first line is the chapter heading Folio writes, not the model's text.
        return text.split(separator: "\n", maxSplits: 1).dropFirst().joined().trimmingCharacters(in: .whitespacesAndNewlines)
    }
    if ProcessInfo.processInfo.environment["FOLIO_BENCH_VERBOSE"] != nil, let book {
        let body = zip(book.chapters, texts).map { "## \($0.title)\n\n\($1)" }.joined(separator: "\n\n")
        FileHandle.standardError.write(Data("\(body)\n".utf8))
    }
    return (book, BookReport(folio: book, request: request, outlineRepairs: repairs.withLock { $0 }, texts: texts))
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
