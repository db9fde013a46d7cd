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
        public var temperature: Double = 0.7
        /// Penalty on often-repeated tokens in chapters.
        public var frequencyPenalty: Double = 0.5
        /// Penalty on already-used tokens in chapters.
        public var presencePenalty: Double = 0.3
        /// Model override; each tier's default when `nil`.
        public var model: String?
        /// Most tokens the whole book may spend (all calls); 0 for no limit.
        public var tokenBudget: Int = 0

        /// Defaults.
        public init() {}
    }

    let store: BookStore
    let chain: any ChatStreamer
    let options: Options
    let contextBuilder: ChapterContextBuilder
    let indexer: (any ChapterIndexer)?
    private static let logger = FolioLogging.logger("pipeline")

    /// Creates a pipeline writing into `store` through `chain`.
    ///
    /// - Parameters:
    ///   - summaries: summaries of finished chapters for the context; `nil` uses the outline's.
    ///   - retriever: passages of earlier chapters for the context; `nil` uses none.
    ///   - indexer: told about each chapter once saved (to index and summarise it); `nil` for none.
    public init(store: BookStore, chain: any ChatStreamer, options: Options = Options(),
                summaries: (any ChapterSummaries)? = nil, retriever: (any PassageRetriever)? = nil,
                indexer: (any ChapterIndexer)? = nil) {
        self.indexer = indexer
        self.store = store
        self.chain = chain
        self.options = options
        self.contextBuilder = ChapterContextBuilder(
            counter: options.tokenCounter ?? UTF8ByteCounter(), contextWindow: options.contextWindow,
            options: options.context, summaries: summaries, retriever: retriever)
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
            try store.save(book)
            onEvent(.ready(book, resumed: false, nextChapter: book.nextPendingChapter))
        }
        while let number = book.nextPendingChapter {
            try Task.checkCancellation()
            try checkBudget(before: number, of: book)
            try await writeChapter(number, of: &book, onEvent: onEvent)
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

    private func planOutline(_ request: BookRequest, onEvent: @Sendable (BookEvent) -> Void) async throws -> Book {
        onEvent(.planningOutline)
        let messages = BookPrompts.outline(title: request.title, instructions: request.instructions,
                                           language: request.language, chapters: request.chapters)
        var attemptMessages = messages
        var usage = TokenUsage.zero
        var attempt = 0
        while true {
            let chatRequest = ChatRequest(
                messages: attemptMessages, model: options.model,
                maxTokens: Outline.tokenLimit(chapterCount: request.chapters),
                temperature: Self.repairTemperature(options.temperature, attempt: attempt),
                jsonSchema: Outline.jsonSchema(chapterCount: request.chapters),
                purpose: "outline:\(request.slug)")
            var answer = ""
            var provider = ""
            var finish: FinishReason?
            for try await event in chain.stream(chatRequest) {
                switch event {
                case .attempt(let name, let model):
                    provider = "\(name)/\(model)"
                    onEvent(.provider(name: name, model: model))
                case .failed(let name, let reason): onEvent(.providerFailed(name: name, reason: reason))
                case .text(let text): answer += text
                case .usage(let callUsage): usage = usage + callUsage
                case .finish(let reason): finish = reason
                }
            }
            try Task.checkCancellation()
            guard let finish else { throw FolioError.runtime("the model's outline ended before it finished") }
            do throws(OutlineError) {
                if finish == .length { throw OutlineError("the answer was too long and was cut off; keep it shorter") }
                let outline = try Outline.parse(answer, expectedChapters: request.chapters)
                var book = Book(title: request.title, slug: request.slug, instructions: request.instructions,
                                language: request.language, wordsPerChapter: request.wordsPerChapter,
                                summary: outline.summary, outline: outline.chapters,
                                createdAt: BookStore.timestamp())
                book.outlineProvider = provider
                book.usage = usage
                return book
            } catch {
                await chain.discard(chatRequest)
                attempt += 1
                guard attempt <= options.outlineRepairAttempts else {
                    throw FolioError.runtime(
                        "the model's outline was unusable after \(attempt) tries (\(error.reason)); try again or use another provider")
                }
                Self.logger.info("repairing outline", metadata: ["reason": "\(error.reason)", "answer": "\(answer)"])
                onEvent(.repairingOutline(attempt: attempt, reason: error.reason))
                attemptMessages = BookPrompts.outlineRepair(messages, reason: error.reason, chapters: request.chapters)
            }
        }
    }

    private func writeChapter(_ number: Int, of book: inout Book, onEvent: @escaping @Sendable (BookEvent) -> Void) async throws {
        let index = number - 1
        let record = book.chapters[index]
        onEvent(.chapterStarted(number: number, of: book.chapters.count, title: record.title))
        let heading = "# Chapter \(number): \(record.title)\n\n"
        onEvent(.text(heading))
        let (context, warnings) = try await contextBuilder.build(chapter: number, of: book, store: store)
        warnings.forEach { onEvent(.notice($0)) }
        Self.logger.info("chapter context", metadata: [
            "chapter": "\(number)", "tokens": "\(context.totalTokens)", "budget": "\(context.budget)",
            "window": "\(context.window)", "sections": "\(context.sections.count)",
        ])
        let request = ChatRequest(
            messages: BookPrompts.chapter(book: book, number: number, context: context),
            model: options.model,
            maxTokens: Self.chapterTokenLimit(words: book.wordsPerChapter),
            temperature: options.temperature,
            frequencyPenalty: options.frequencyPenalty,
            presencePenalty: options.presencePenalty,
            purpose: "chapter:\(book.slug):\(number)")
        let started = ContinuousClock.now
        let writer = ChapterWriter(chain: chain, maxContinuations: options.maxContinuations)
        let result = try await writeTrimmingOnce(writer, request, context: context, number: number, of: book,
                                                 onEvent: onEvent)
        guard !result.text.isEmpty else {
            throw FolioError.runtime("the model returned an empty chapter \(number); nothing was saved")
        }
        let text = heading + result.text + "\n"
        onEvent(.text("\n"))
        try store.writeChapter(text, file: record.file, slug: book.slug)

        var saved = record
        saved.status = .complete
        saved.provider = result.provider
        saved.model = result.model
        saved.usage = result.usage
        saved.words = Self.wordCount(result.text)
        saved.continuations = result.continuations
        saved.finishReason = result.finishReason.map(Self.describe)
        saved.durationSeconds = ((ContinuousClock.now - started).seconds * 100).rounded() / 100
        saved.completedAt = BookStore.timestamp()
        book.chapters[index] = saved
        book.usage = book.usage + result.usage
        try store.save(book)
        onEvent(.chapterSaved(saved, of: book.chapters.count))
        if let indexer {
            do {
                try await indexer.chapterSaved(number: number, file: record.file, text: text)
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                onEvent(.notice("chapter \(number) is saved but not indexed for retrieval (\(error))"))
            }
        }
    }

    /// Each repair samples a little hotter, so a model stuck on one bad answer can leave it.
    static func repairTemperature(_ temperature: Double, attempt: Int) -> Double {
        attempt == 0 ? temperature : min(max(temperature, 0.5) + 0.2 * Double(attempt), 1.2)
    }

    /// Tokens allowed for a chapter's first call: about 1.4 tokens a word, with room to finish.
    static func chapterTokenLimit(words: Int) -> Int {
        Int(Double(words) * 1.4) + 64
    }

    static func wordCount(_ text: String) -> Int {
        text.split(whereSeparator: \.isWhitespace).count
    }

    private static func describe(_ reason: FinishReason) -> String {
        switch reason {
        case .stop: "stop"
        case .length: "length"
        case .other(let value): value
        }
    }
}
