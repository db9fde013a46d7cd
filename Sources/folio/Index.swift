import ArgumentParser
import FolioRuntime
import Foundation

extension Folio {
    /// `folio index --book DIR [--json]`: brings a book's retrieval store up to date.
    struct Index: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Bring a book's retrieval store (.rag/) up to date; only what changed is re-embedded.")

        @OptionGroup var options: RetrievalCommandOptions

        @Flag(help: "Print one JSON object.")
        var json = false

        func run() async throws {
            let report = try await options.withStore { try await $0.update() }
            if json {
                try Terminal.json(report)
                return
            }
            Terminal.write("""
                chapters:  \(report.chapters) (\(report.chaptersIndexed) indexed, \(report.chaptersRemoved) removed)
                chunks:    \(report.chunks) (\(report.chunksEmbedded) embedded, \(report.chunksReused) reused)
                model:     \(report.embeddingModel)

                """)
        }
    }
}
