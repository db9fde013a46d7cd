import ArgumentParser
import FolioRuntime
import Foundation

/// Every flag of `folio generate`, shared with `folio submit generate` (which stores them in
/// the job, and the worker parses them back with this same type), so both take the same flags.
struct GenerateOptions: ParsableArguments {
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

    @Option(help: "Folder name of the book under the books folder (default: derived from the title).")
    var slug: String?

    @Option(help: "Check each chapter before it is saved: off, report (keep the report in book.json) or rewrite (rewrite what fails through the model).")
    var safety: String = BookSafetyMode.report.rawValue

    @Option(help: "Folder (or file) of sources a non-fiction book must be faithful to; chapters are checked against it as well as against earlier chapters.")
    var sources: String?

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
        if let slug, let problem = Slug.problem(withFolderName: slug) {
            throw ValidationError("--slug \(problem)")
        }
        if let ragMode, RetrievalMode(rawValue: ragMode) == nil {
            throw ValidationError("--rag-mode must be disabled, basic, hybrid or full")
        }
        guard let mode = BookSafetyMode(rawValue: safety.lowercased()) else {
            throw ValidationError("--safety must be off, report or rewrite")
        }
        if sources != nil, mode == .off {
            throw ValidationError("--sources needs --safety report or rewrite")
        }
    }

    /// Flag values by setting name.
    var overrides: [String: String] {
        var overrides = providerOptions.overrides
        overrides["BOOKS_DIR"] = booksDir
        overrides["BOOK_LANGUAGE"] = language
        overrides["BOOK_CHAPTERS"] = chapters.map(String.init)
        overrides["WORDS_PER_CHAPTER"] = wordsPerChapter.map(String.init)
        overrides["RAG_MODE"] = ragMode
        return overrides
    }

    /// Writes the book, or continues it, with `runtime` (built with ``overrides``); `events`
    /// hears the pipeline's progress. A book already complete is returned as saved.
    /// In a worker, `runtime` carries the job's id into the generation log.
    func writeBook(with runtime: FolioRuntime, events: @escaping @Sendable (BookEvent) -> Void)
        async throws -> (book: Book, alreadyComplete: Bool) {
        // Read the sources before anything is written, so a bad folder exits 2 with nothing done.
        var documents: [SourceDocument] = []
        if let sources {
            do {
                documents = try SourceDocument.load(path: sources)
            } catch let error as SafetyError {
                throw FolioError.badInput("--sources: " + error.message)
            }
        }
        let store = runtime.bookStore()
        try store.checkWritable()
        var request = runtime.bookRequest(title: title.trimmingCharacters(in: .whitespacesAndNewlines),
                                          instructions: instructions.trimmingCharacters(in: .whitespacesAndNewlines))
        if let slug { request.slug = slug }
        if let saved = try store.existingBook(for: request), saved.isComplete {
            return (saved, true)
        }
        let reviewer = runtime.chapterReviewer(BookSafetyMode(rawValue: safety.lowercased()) ?? .report, sources: documents)
        let book = try await runtime.writeBook(request, cached: !noCache, reviewer: reviewer,
                                               warn: { Terminal.error("warning: " + $0) }, onEvent: events)
        return (book, false)
    }
}
