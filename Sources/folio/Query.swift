import ArgumentParser
import FolioRuntime
import Foundation

extension Folio {
    /// `folio query --book DIR [--top-k K] [--min-score S] [--json] TEXT`.
    struct Query: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the passages of a book most similar to TEXT, best first, with their scores.",
            discussion: "The book's store is brought up to date first.")

        @OptionGroup var options: RetrievalCommandOptions

        @Option(help: "How many passages to show.")
        var topK = 10

        @Option(help: "Leave out passages scoring below this cosine similarity.")
        var minScore: Double?

        @Flag(help: "Print a JSON array of {chapter, chunk, score, text}.")
        var json = false

        @Argument(help: "What to look for.")
        var text: String

        func validate() throws {
            guard (1...1000).contains(topK) else { throw ValidationError("--top-k must be from 1 to 1000") }
            guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw ValidationError("the query text must not be empty")
            }
            if let minScore, !(-1...1).contains(minScore) {
                throw ValidationError("--min-score must be from -1 to 1")
            }
        }

        func run() async throws {
            var passages = try await options.withStore { store in
                _ = try await store.update()
                return try await store.search(text, limit: topK)
            }
            if let minScore { passages = passages.filter { $0.score >= minScore } }
            if json {
                try Terminal.json(passages)
                return
            }
            for passage in passages {
                Terminal.write(String(format: "%.3f", passage.score) + "  chapter \(passage.chapter), chunk \(passage.chunk)\n")
                Terminal.write("       " + passage.text.replacingOccurrences(of: "\n", with: " ") + "\n\n")
            }
        }
    }
}
