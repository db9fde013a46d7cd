import ArgumentParser
import FolioBooks
import FolioCache
import FolioCore
import FolioProviders
import FolioRetrieval
import Foundation

extension Folio {
    /// `folio generate`: plans an outline and writes every chapter, streaming it.
    struct Generate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a book: plan its outline, then write each chapter, streamed to stdout.",
            discussion: """
                The book lands in BOOKS_DIR/<slug>/ (book.json and chapters/NN-<slug>.md). Running the \
                same title again, or --resume, continues from the first chapter not yet complete; \
                finished chapters are never rewritten.
                """)

        @Option(help: "The book's title.")
        var title: String

        @Option(help: "What the book is about: genre, audience, tone, plot.")
        var instructions: String

        @Option(help: "Language to write in (default: BOOK_LANGUAGE or English).")
        var language: String?

        @Option(help: "Number of chapters (default: BOOK_CHAPTERS or 10).")
        var chapters: Int?

        @Option(help: "Target words per chapter (default: WORDS_PER_CHAPTER or 800).")
        var wordsPerChapter: Int?

        @Option(help: "Folder holding the books (default: BOOKS_DIR or books).")
        var booksDir: String?

        @OptionGroup var providerOptions: ProviderOptions

        @Flag(help: "Print each chapter when it is complete instead of streaming it.")
        var noStream = false

        @Flag(help: "Continue an interrupted book (running the same title again does the same).")
        var resume = false

        @Flag(help: "Neither read nor store cached model responses.")
        var noCache = false

        @Option(help: "Retrieval mode: disabled, basic, hybrid or full.")
        var ragMode: String?

        @Flag(help: "Print the final book.json instead of the text.")
        var json = false

        func validate() throws {
            if title.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                throw ValidationError("--title must not be empty")
            }
            if instructions.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                throw ValidationError("--instructions must not be empty")
            }
            if let chapters, !(1...200).contains(chapters) {
                throw ValidationError("--chapters must be from 1 to 200")
            }
            if let wordsPerChapter, !(20...20000).contains(wordsPerChapter) {
                throw ValidationError("--words-per-chapter must be from 20 to 20000")
            }
            if let ragMode, !["disabled", "basic", "hybrid", "full"].contains(ragMode) {
                throw ValidationError("--rag-mode must be disabled, basic, hybrid or full")
            }
        }

        func run() async throws {
            var overrides = providerOptions.overrides
            overrides["BOOKS_DIR"] = booksDir
            overrides["BOOK_LANGUAGE"] = language
            overrides["BOOK_CHAPTERS"] = chapters.map(String.init)
            overrides["WORDS_PER_CHAPTER"] = wordsPerChapter.map(String.init)
            overrides["RAG_MODE"] = ragMode
            let settings = try await Settings.load(overrides: overrides, configFile: providerOptions.configFile)
            FolioLogging.bootstrap(level: settings.logLevel)

            let store = BookStore(directory: settings.books.directory)
            try store.checkWritable()
            let request = BookRequest(
                title: title.trimmingCharacters(in: .whitespacesAndNewlines),
                instructions: instructions.trimmingCharacters(in: .whitespacesAndNewlines),
                language: settings.books.language,
                chapters: settings.books.chapters,
                wordsPerChapter: settings.books.wordsPerChapter)
            if let saved = try store.load(slug: request.slug), saved.isComplete {
                Terminal.status("'\(saved.title)' is already complete in \(store.folder(for: saved.slug).path)")
                if json { Terminal.write(try Self.json(saved)) }
                return
            }
            let embedder = try RetrievalSetup.embedder(settings, transport: CurlTransport())
            let retrieverOptions = try RetrievalSetup.retrieverOptions(settings)
            let progress = GenerationProgress(streamText: !json && !noStream, printChapters: !json && noStream,
                                              store: store)
            let book = try await ProviderSession.withChain(
                settings: settings, tiers: settings.providers, transport: CurlTransport()
            ) { chain in
                try await withCachingStreamer(chain, settings: settings.cache, enabled: !noCache) { streamer in
                    let retrieval = BookRetrieval(
                        bookDirectory: store.folder(for: request.slug).path, slug: request.slug, embedder: embedder,
                        storeOptions: RetrievalSetup.storeOptions(settings), retrieverOptions: retrieverOptions,
                        chat: streamer, model: settings.model, warn: { Terminal.error("warning: " + $0) })
                    let mode = retrieverOptions.mode
                    let pipeline = BookPipeline(store: store, chain: streamer, options: .init(settings),
                                                summaries: mode.usesSummaries ? retrieval : nil,
                                                retriever: mode.retrievesPassages ? retrieval : nil,
                                                indexer: retrieval)
                    return try await pipeline.run(request) { progress.handle($0) }
                }
            }
            progress.finished(book)
            if json { Terminal.write(try Self.json(book)) }
        }

        static func json(_ book: Book) throws -> String {
            String(decoding: try BookStore.encoder.encode(book), as: UTF8.self) + "\n"
        }
    }
}
