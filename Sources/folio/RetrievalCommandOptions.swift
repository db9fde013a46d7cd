import ArgumentParser
import FolioRuntime

/// Options shared by `folio index` and `folio query`: the book, and the global options.
struct RetrievalCommandOptions: ParsableArguments {
    @Option(help: "The book's folder (BOOKS_DIR/<slug>).")
    var book: String

    @OptionGroup var globalOptions: GlobalOptions

    /// Runs `body` with the book's store, printing each repair as a warning on stderr.
    func withStore<T: Sendable>(_ body: (RetrievalStore) async throws -> T) async throws -> T {
        try await globalOptions.withRuntime { runtime in
            try await body(try runtime.retrievalStore(book: book) { Terminal.error("warning: " + $0) })
        }
    }
}
