import FolioContext
import FolioCore
import FolioProviders
import FolioRetrieval
import FolioTokenizers
import Foundation
import Logging

/// Writes a book: plans the outline, then each chapter not yet complete, in order.
///
/// Nothing is written until the outline is valid. Each chapter file is written atomically
/// once complete and `book.json` is updated after it, so an interrupted run loses at most
/// the chapter in progress; running again continues from the first chapter not complete
/// and never rewrites a finished one.
public struct BookPipeline: Sendable {
    /// How outlines and chapters are asked for, and within which limits.
    public struct Options: Sendable {
        /// Repair attempts for a malformed outline.
        public var outlineRepairAttempts: Int = 2
        /// Times each outline entry that repeats another (or the book's title, or the worked example) may be asked for again.
        public var outlineEntryRepairs: Int = 3
        /// Times an entry with a lesser fault (off the book's topic, a summary that says a phrase
        /// twice, a title at its length limit) may be asked for again; then it is kept, with a
        /// warning. In a run of `FolioBench book-quality` every second and third redraw of such an
        /// entry (4 of 4) gave the same fault back, 2–4 s each on one server thread.
        public var outlineLesserRepairs: Int = 1
        /// Base sampler seed, for runs that must be reproducible; random when `nil`.
        public var seed: Int?
        /// Repetition control for every chapter call (llama.cpp's samplers on the local tier).
        public var repetition: RepetitionControl? = BookPipeline.defaultRepetition
        /// Whether the outline is planned one chapter at a time (with a worked example) rather
        /// than in one answer: what a small model needs to give distinct chapters.
        public var plansOutlineByChapter = false
        /// Drafts of each chapter asked for at once when the outline is planned one chapter at a
        /// time; the least faulty distinct one is kept, so a bad draw costs no repair round.
        public var outlineDraws = 1
        /// Outline calls asked at once (a local server needs as many slots to answer them together).
        public var outlineConcurrency = 1
        /// The words of English, against which an English book's plan is read for made-up words
        /// and its chapters' sentences for another language.
        public var vocabulary: WordList?
        /// Slots of the local server (`LOCAL_SLOTS`); above 0, a book's chapter calls all go to one
        /// of them (chosen by its slug, so books written side by side seldom share one), which
        /// keeps its prompt evaluated from one call to the next. 0 leaves the choice to the server.
        public var serverSlots = 0
        /// Whether earlier chapters outside the context window are summarised by the model; when
        /// not, their plan's sentence stands for them. Off for small windows, where a few lines is
        /// all the room a summary has and the plan already gives them, without a model call each.
        public var summarisesChapters = true
        /// Whether the outline is reviewed for repeated or empty entries (off only to measure what it changes).
        public var reviewsOutline = true
        /// Whether the chapter guards run (off only to measure what they change).
        public var guardsEnabled = true
        /// How the chapter guards act.
        var guarding = ChapterWriter.Guarding()
        /// Continuations when a chapter stops for length.
        public var maxContinuations: Int = 3
        /// The model's context window in tokens: the strictest tier's (4096 for the local model).
        public var contextWindow: Int = 4096
        /// Counts tokens as the strictest tier would; `nil` counts UTF-8 bytes, an upper bound
        /// that never overflows the window but wastes room.
        public var tokenCounter: (any TokenCounter)?
        /// How chapter contexts are chosen (sliding window, shares, passages).
        public var context = ContextAssembler.Options()
        /// Sampling temperature.
        public var temperature: Double = 0.5
        /// Penalty on often-repeated tokens in chapters.
        public var frequencyPenalty: Double = 0
        /// Penalty on already-used tokens in chapters.
        public var presencePenalty: Double = 0
        /// Model override; each tier's default when `nil`.
        public var model: String?
        /// Most tokens the whole book may spend (all calls); 0 for no limit.
        public var tokenBudget: Int = 0
        /// Checks each chapter before it is saved (the safety chain); `nil` for none.
        public var chapterReviewer: (any ChapterReviewer)?

        /// Defaults.
        public init() {}

        /// Windows this small get the previous chapter's ending and earlier chapters' summaries
        /// instead of whole chapters.
        public static let smallWindow = 4096
        /// Tokens of the previous chapter's ending given in a small window. Given 300, most of a
        /// quick-start chapter, the bundled model copied and retold it: over two runs of
        /// `FolioBench book-quality` the guards cost 8.2 and 10.1 % of each chapter's time (6 and
        /// 9 copy stops), against 4.4 and 3.8 % (3 and 1) with 150, coherence unchanged. Most
        /// copy stops left were still of earlier chapters (65 of 108 in this work's quick starts
        /// and benchmarks); with 80 (the last three or four sentences), on the same seeds, the
        /// guards cost 2.7 % against 7.0 % (2 copy stops against 8), coherence 0.442 against 0.443.
        public static let endingTokens = 80
        /// Passages retrieved from earlier chapters that a chapter's prompt gets in a small window
        /// (at most; `RAG_TOP_K` still caps them). Given up to ten, the bundled model's prompts for
        /// the third and fourth chapters of a book ran to 800 tokens, most of them earlier chapters
        /// it copied and retold; over `FolioBench book-quality` (5 books × 4 chapters), ten against
        /// one: writing speed 53 against 75 tok/s with its prompts' evaluation, guards' cost 4.3
        /// against 1.7 % of each chapter's time (6 copy stops against 1), coherence 0.449 against
        /// 0.482 (within its noise of ±0.05), 132 against 97 s of writing for the five books.
        public static let smallWindowPassages = 1
    }

    /// llama.cpp's DRY sampler over the whole context, prompt included, with a light
    /// repetition penalty and the server's prompt cache: small models loop and copy their
    /// prompt without it. Frequency and presence penalties stay off (``Options``): they also
    /// penalise full stops, and the bundled model ran its sentences on.
    public static let defaultRepetition = RepetitionControl(
        repeatPenalty: 1.05, repeatLastN: 256, dryMultiplier: 0.8, dryBase: 1.75, dryAllowedLength: 3,
        dryPenaltyLastN: 4096, cachePrompt: true)

    let store: BookStore
    let chain: any ChatStreamer
    let options: Options
    let contextBuilder: ChapterContextBuilder
    let indexer: (any ChapterIndexer)?
    let timedSummaries: TimedSummaries?
    let sentenceEncoder: (any SentenceEncoder)?
    static let logger = FolioLogging.logger("pipeline")

    /// Creates a pipeline writing into `store` through `chain`.
    ///
    /// - Parameters:
    ///   - summaries: summaries of finished chapters for the context; `nil` (or
    ///     `options.summarisesChapters` off) uses the outline's.
    ///   - retriever: passages of earlier chapters for the context; `nil` uses none.
    ///   - indexer: told about each chapter once saved (to index it); `nil` for none.
    ///   - sentenceEncoder: sentence vectors, to stop a chapter paraphrasing earlier ones; `nil` for no such check.
    public init(store: BookStore, chain: any ChatStreamer, options: Options = Options(),
                summaries: (any ChapterSummaries)? = nil, retriever: (any PassageRetriever)? = nil,
                indexer: (any ChapterIndexer)? = nil, sentenceEncoder: (any SentenceEncoder)? = nil) {
        self.indexer = indexer
        self.sentenceEncoder = sentenceEncoder.map { $0 as? RememberingSentenceEncoder ?? RememberingSentenceEncoder($0) }
        self.store = store
        self.chain = chain
        self.options = options
        let timed = options.summarisesChapters ? summaries.map(TimedSummaries.init) : nil
        self.timedSummaries = timed
        self.contextBuilder = ChapterContextBuilder(
            counter: options.tokenCounter ?? UTF8ByteCounter(), contextWindow: options.contextWindow,
            options: options.context, summaries: timed, retriever: retriever)
    }

    /// Plans (or resumes) and writes the book; returns its final manifest.
    ///
    /// The book is locked for the run (``BookLock``): a second run on it fails at once.
    public func run(_ request: BookRequest, onEvent: @escaping @Sendable (BookEvent) -> Void) async throws -> Book {
        try await BookLock.withLock(folder: store.folder(for: request.slug)) {
            try await runLocked(request, onEvent: onEvent)
        }
    }

    private func runLocked(_ request: BookRequest, onEvent: @escaping @Sendable (BookEvent) -> Void) async throws -> Book {
        let started = ContinuousClock.now
        var book: Book
        if let saved = try store.existingBook(for: request) {
            book = saved
            if saved.outline.count != request.chapters {
                onEvent(.notice("keeping the saved outline of \(saved.outline.count) chapters"))
            }
            adoptFinishedFiles(&book, onEvent: onEvent)
            onEvent(.ready(book, resumed: true, nextChapter: book.nextPendingChapter))
        } else {
            book = try await planOutline(request, onEvent: onEvent)
            book.timings = BookTimings()
            book.timings?.outline = (ContinuousClock.now - started).seconds
            try store.save(book)
            onEvent(.ready(book, resumed: false, nextChapter: book.nextPendingChapter))
        }
        // Each saved chapter carries the book's total so far: this run's time on top of earlier runs'.
        let earlierTotal = book.timings?.total ?? 0
        while let number = book.nextPendingChapter {
            try Task.checkCancellation()
            try checkBudget(before: number, of: book)
            try await writeChapter(number, of: &book, onEvent: onEvent) { timings in
                timings.total = earlierTotal + (ContinuousClock.now - started).seconds
            }
        }
        return book
    }

    /// A chapter file is written only when complete, so one that exists while `book.json`
    /// says pending (a stop between the two writes) is finished work: keep it.
    private func adoptFinishedFiles(_ book: inout Book, onEvent: @Sendable (BookEvent) -> Void) {
        for index in book.chapters.indices where book.chapters[index].status == .pending {
            let record = book.chapters[index]
            if let text = store.readChapter(file: record.file, slug: book.slug), !text.isEmpty {
                book.chapters[index].status = .complete
                book.chapters[index].words = Self.wordCount(text)
                onEvent(.notice("chapter \(record.number) was already saved; keeping it"))
            }
        }
    }

    private func writeChapter(_ number: Int, of book: inout Book, onEvent: @escaping @Sendable (BookEvent) -> Void,
                              stamp: (inout BookTimings) -> Void) async throws {
        let index = number - 1
        let record = book.chapters[index]
        onEvent(.chapterStarted(number: number, of: book.chapters.count, title: record.title))
        let heading = "# Chapter \(number): \(record.title)\n\n"
        onEvent(.text(heading))
        let indexing = try await indexSearched(for: number, onEvent: onEvent)
        let (context, warnings) = try await contextBuilder.build(chapter: number, of: book, store: store)
        warnings.forEach { onEvent(.notice($0)) }
        Self.logger.info("chapter context", metadata: [
            "chapter": "\(number)", "tokens": "\(context.totalTokens)", "budget": "\(context.budget)",
            "window": "\(context.window)", "sections": "\(context.sections.count)",
        ])
        var request = ChatRequest(
            messages: BookPrompts.chapter(book: book, number: number, context: context),
            model: options.model,
            maxTokens: Self.chapterTokenLimit(words: book.wordsPerChapter),
            temperature: options.temperature,
            frequencyPenalty: options.frequencyPenalty,
            presencePenalty: options.presencePenalty,
            purpose: "chapter:\(book.slug):\(number)",
            seed: options.seed.map { $0 &+ 1000 &* number },
            repetition: options.repetition)
        request.slot = Self.slot(for: book.slug, of: options.serverSlots)
        let started = ContinuousClock.now
        var writer = ChapterWriter(chain: chain, maxContinuations: options.maxContinuations)
        writer.guarding = options.guarding
        writer.guarding.enabled = options.guardsEnabled
        // A copy is a copy whether the model saw the earlier chapter in its prompt or not.
        let earlier = earlierChapters(before: number, of: book)
        writer.reference = request.messages.map(\.content) + earlier
        writer.titles = [book.title] + book.outline.map(\.title)
        writer.instructions = [BookPrompts.chapterSystem(for: book.writtenAs), BookPrompts.chapterTask(book: book, number: number)]
        if Self.isEnglish(book.language) { writer.vocabulary = options.vocabulary }
        writer.dropsMadeUpWords = book.writtenAs == .fiction
        writer.encoder = sentenceEncoder
        var summariesOnly = context
        summariesOnly.sections.removeAll { $0.kind == .chapter || $0.kind == .retrieved }
        if summariesOnly.sections.count < context.sections.count {
            writer.withoutEarlierText = BookPrompts.chapter(book: book, number: number, context: summariesOnly)
        }
        let checkStarted = ContinuousClock.now
        writer.paraphrase = options.guardsEnabled
            ? sentenceEncoder.flatMap { ParaphraseCheck(encoder: $0, chapters: earlier) } : nil
        let checkSeconds = (ContinuousClock.now - checkStarted).seconds
        let result = try await writeTrimmingOnce(writer, request, context: context, number: number, of: book,
                                                 onEvent: onEvent)
        guard !result.text.isEmpty else {
            let found = result.guardActions.map(\.kind.rawValue)
            throw FolioError.runtime(found.isEmpty
                ? "the model returned an empty chapter \(number); nothing was saved"
                : "the model gave no clean text for chapter \(number) in \(result.attempts) attempts "
                    + "(\(Set(found).sorted().joined(separator: ", "))); nothing was saved — run again, or use a larger model")
        }
        onEvent(.text("\n"))
        let reviewStarted = ContinuousClock.now
        let (body, safety) = try await review(result.text, number: number, of: book, onEvent: onEvent)
        let text = heading + body + "\n"
        try store.writeChapter(text, file: record.file, slug: book.slug)
        let written = ContinuousClock.now
        var reviewSeconds = (written - reviewStarted).seconds

        var saved = record
        saved.status = .complete
        saved.provider = result.provider
        saved.model = result.model
        saved.usage = result.usage
        saved.words = Self.wordCount(body)
        saved.continuations = result.continuations
        saved.finishReason = result.finishReason.map(\.name)
        saved.durationSeconds = ((written - started).seconds * 100).rounded() / 100
        saved.completedAt = BookStore.timestamp()
        let qualityStarted = ContinuousClock.now
        saved.quality = ChapterQuality(text: result.text, targetWords: book.wordsPerChapter,
                                       reference: writer.reference, attempts: result.attempts,
                                       guardActions: result.guardActions, guardSeconds: result.guardSeconds,
                                       droppedShare: result.discardedShare, paraphrase: writer.paraphrase,
                                       coherence: sentenceEncoder.flatMap { encoder in
                                           ChapterCoherence(text: result.text, plan: "\(record.title). \(book.outline[index].summary)",
                                                            encoder: encoder)
                                       })
        saved.safety = safety
        reviewSeconds += (ContinuousClock.now - qualityStarted).seconds
        book.chapters[index] = saved
        book.usage = book.usage + result.usage
        var timings = book.timings ?? BookTimings()
        timings.writing += result.generationSeconds - result.guardSeconds
        timings.guards += result.guardSeconds + checkSeconds
        timings.summaries += timedSummaries?.takeSeconds() ?? 0
        timings.indexing += indexing
        timings.review += reviewSeconds
        stamp(&timings)
        book.timings = timings.rounded
        try store.save(book)
        onEvent(.chapterSaved(saved, of: book.chapters.count))
        if let misses = saved.quality?.misses, !misses.isEmpty {
            onEvent(.notice("warning: chapter \(number) still misses a bar after \(result.attempts) attempts: "
                + misses.joined(separator: "; ")))
        }
    }

    /// The saved texts of the finished chapters before `number`.
    private func earlierChapters(before number: Int, of book: Book) -> [String] {
        book.chapters.prefix(number - 1).filter { $0.status == .complete }
            .compactMap { store.readChapter(file: $0.file, slug: book.slug) }
    }

    /// Indexes the saved chapters chapter `number`'s passages may come from (new and changed
    /// ones; the others are already in the store); returns the seconds it took. A chapter is
    /// indexed when a search first needs it, so a run never indexes chapters no later chapter
    /// of it searches (a three-chapter book's last two); the store's next opener catches them up.
    private func indexSearched(for number: Int, onEvent: @Sendable (BookEvent) -> Void) async throws -> Double {
        let searched = Set(ContextGatherer.searchedChapters(for: number))
        guard let indexer, contextBuilder.retrievesPassages, !searched.isEmpty else { return 0 }
        let started = ContinuousClock.now
        do {
            try await indexer.index(chapters: searched)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            onEvent(.notice("chapters \(searched.sorted().map(String.init).joined(separator: ", ")) are not indexed for retrieval (\(error))"))
        }
        return (ContinuousClock.now - started).seconds
    }

    /// Whether a book in `language` is in English, which the word list and the outline's topic
    /// check know.
    static func isEnglish(_ language: String) -> Bool {
        language.caseInsensitiveCompare("English") == .orderedSame
    }

    /// The server slot for a book's chapter calls, from its slug (``ContentHash``, the same in
    /// every process); `nil` with no slots to choose from.
    ///
    /// A call sent right after one the guards cancelled found that call's slot still busy, went
    /// to another and read its whole prompt again: 0.5–1 s of every stop at the bundled model's
    /// 2-thread speed. Pinned, it waits the few milliseconds the server takes to notice the
    /// cancellation and reuses the prompt.
    static func slot(for slug: String, of slots: Int) -> Int? {
        guard slots > 0 else { return nil }
        return Int(ContentHash.value(of: slug) % UInt64(slots))
    }

    /// Tokens allowed for a chapter's first call: about 1.4 tokens a word, with room to finish.
    static func chapterTokenLimit(words: Int) -> Int {
        Int(Double(words) * 1.4) + 64
    }

    static func wordCount(_ text: String) -> Int {
        text.split(whereSeparator: \.isWhitespace).count
    }

}
