import ArgumentParser
import FolioRetrieval
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
            let settings = try await options.settings()
            let store = try options.openStore(settings)
            let report = try await store.update()
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                Terminal.write(String(decoding: try encoder.encode(report), as: UTF8.self) + "\n")
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
