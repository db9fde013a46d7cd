import ArgumentParser
import FolioRuntime
import Foundation

extension Folio {
    /// `folio context`: the context that would be sent when writing a chapter, and why.
    struct Context: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the context that would be sent when writing chapter N, section by section.",
            discussion: """
                Each section shows its priority (essential, high, medium, retrieved, low), kind, source \
                chapter and token count; the total is shown against the budget (the strictest tier's \
                window less the answer and the prompt's own text, or --max-tokens). Summaries are the \
                book store's cached ones (the outline's one-line summaries for chapters not yet \
                summarised); nothing is generated or written. Passages are retrieved when the book is \
                indexed (folio index) and the retrieval mode retrieves passages.
                """)

        @Option(help: "The book's folder (books/<slug>).")
        var book: String

        @Option(help: "The chapter to be written (1-based).")
        var chapter: Int

        @Option(help: "Tokens the context sections may use, instead of what the window leaves.")
        var maxTokens: Int?

        @Option(help: "Text to retrieve passages for (default: the chapter's plan).")
        var query: String?

        @Flag(help: "Print one JSON document: {budget, total_tokens, sections: [{priority, kind, chapter, tokens, text}]}.")
        var json = false

        @OptionGroup var providerOptions: ProviderOptions

        @OptionGroup var globalOptions: GlobalOptions

        func validate() throws {
            if chapter < 1 { throw ValidationError("--chapter must be at least 1") }
            if let maxTokens, maxTokens < 1 { throw ValidationError("--max-tokens must be at least 1") }
            if let query, query.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                throw ValidationError("--query must not be empty")
            }
        }

        func run() async throws {
            let folder = URL(fileURLWithPath: book).standardizedFileURL
            try await globalOptions.withRuntime(providerOptions.overrides) { runtime in
                let manifest = try BookStore.load(folder: folder.path)
                guard chapter <= manifest.outline.count else {
                    throw FolioError.badInput("chapter \(chapter) is not in the book; it has \(manifest.outline.count) chapters")
                }
                let builder = try runtime.contextBuilder(book: folder.path) { Terminal.status($0) }
                if query != nil && builder.gatherer.retriever == nil {
                    Terminal.status("the book is not indexed (run folio index); no passages retrieved")
                }
                let store = BookStore(directory: folder.deletingLastPathComponent().path)
                let (allocation, warnings) = try await builder.build(chapter: chapter, of: manifest, store: store,
                                                                     query: query, maxTokens: maxTokens)
                let uncached = warnings.filter { $0.hasPrefix("no summary of chapter") }.count
                if uncached > 0 {
                    Terminal.status("\(uncached) chapter(s) not summarised yet; their outline entries stand in")
                }
                warnings.filter { !$0.hasPrefix("no summary of chapter") }.forEach { Terminal.status($0) }
                if json {
                    try Terminal.json(ContextReport(allocation))
                } else {
                    Terminal.write(ContextReport.table(allocation, chapter: chapter,
                                                       encoding: builder.counter.encodingName))
                }
            }
        }
    }
}
