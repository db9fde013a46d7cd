import FolioCore
@testable import FolioPosts
import FolioPublishing
import FolioRetrieval
import FolioSafety
import FolioTesting
import Foundation
import Testing

/// The evidence a post is written from: the README's opening says what the project is, and
/// comes first even when a later section matches the questions better.
@Suite struct PostEvidenceTests {
    /// A section written to match "What is chartkit and what does it do?" better than the opening.
    static let faq = [
        "## Formats\n\nThe formats it reads are comma separated values, tab separated values and semicolon separated "
            + "values, with or without a header row, in any text encoding the system knows, from files of any size, "
            + "one file at a time or a whole folder of them, sorted by name before they are drawn.",
        "## FAQ\n\nWhat is chartkit and what does it do? What is chartkit for? What does chartkit do? "
            + "Who is chartkit for, and what problem does chartkit solve? Main features of chartkit.",
    ]

    @Test func theReadmesOpeningComesFirstInTheEvidenceAndTheFacts() async throws {
        try await withTemporaryDirectory { directory in
            let embedder = try MiniLMEmbedder(directory: MiniLMReference.modelDirectory)
            let streamer = PostRevisionTests.RecordingStreamer(salesy: false)
            let pipeline = PostPipeline(
                reader: RepositoryReader(fetcher: RepositoryFetcher(cacheDirectory: directory.appending("clones"))),
                embedder: embedder, streamer: streamer, safety: try SafetyChain(embedder: embedder),
                options: PostPipeline.Options(postsDirectory: directory.appending("posts"),
                                              indexDirectory: directory.appending("index")))
            let root = try ScriptedPosts.makeRepository("chartkit", in: directory.path, more: Self.faq)
            let snapshot = try pipeline.read(root)
            let index = try await pipeline.index(snapshot)
            let evidence = try await pipeline.evidence(index)
            let lead = try #require(index.leadPassage())
            #expect(evidence.first?.file == "README.md" && evidence.first?.firstLine == lead.firstLine)
            // The later section scored higher: the opening is first by rule, not by its score.
            #expect(evidence.dropFirst().contains { $0.file == "README.md" && $0.score > (evidence.first?.score ?? 0) },
                    "\(evidence.map { "\($0.location) \($0.score)" })")
            let writer = PostWriter(snapshot: snapshot, evidence: evidence, call: ModelCall(streamer: streamer, model: nil))
            let sheet = try writer.factSheet().map(\.text)
            #expect(sheet.first == "chartkit turns CSV files into charts from the command line.", "\(sheet)")
        }
    }
}
