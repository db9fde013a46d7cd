import ArgumentParser
import FolioRuntime
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

        @OptionGroup var options: GenerateOptions

        @OptionGroup var globalOptions: GlobalOptions

        func run() async throws {
            try await globalOptions.withRuntime(options.overrides) { runtime in
                let store = runtime.bookStore()
                let progress = GenerationProgress(streamText: !options.json && !options.noStream,
                                                  printChapters: !options.json && options.noStream, store: store)
                let (book, alreadyComplete) = try await options.writeBook(with: runtime) { progress.handle($0) }
                if alreadyComplete {
                    Terminal.status("'\(book.title)' is already complete in \(store.folder(for: book.slug).path)")
                } else {
                    progress.finished(book)
                }
                if options.json { try Terminal.json(book, encoder: BookStore.encoder) }
            }
        }
    }
}
