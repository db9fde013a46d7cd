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
            let lead = try #require(index.leadPassages().first)
            #expect(evidence.first?.file == "README.md" && evidence.first?.firstLine == lead.firstLine)
            // The later section scored higher: the opening is first by rule, not by its score.
            #expect(evidence.dropFirst().contains { $0.file == "README.md" && $0.score > (evidence.first?.score ?? 0) },
                    "\(evidence.map { "\($0.location) \($0.score)" })")
            let writer = PostWriter(snapshot: snapshot, evidence: evidence, call: ModelCall(streamer: streamer, model: nil))
            let sheet = try writer.factSheet().map(\.text)
            #expect(sheet.first == "chartkit turns CSV files into charts from the command line.", "\(sheet)")
        }
    }

    @Test func aReadmeOpeningWithBadgesAndContactsLeadsWithItsWhatIsSection() {
        // GRDB's README, shortened: a logo, badges, a release line and contacts before its account of itself.
        let readme = """
            <picture>
                <img alt="GRDB: A toolkit for SQLite databases" src="https://example.invalid/GRDB.png">
            </picture>

            **Latest release**: February 15, 2026 • [version 7.10.0](https://example.invalid) • [CHANGELOG](CHANGELOG.md)

            **Contact**:

            - Release announcements and usage tips: follow the author on Mastodon for the latest news.

            ## What is GRDB?

            Use this library to save your application's permanent data into SQLite databases. It comes with tools:

            - **SQL Generation**
            """
        #expect(DocumentLead.paragraphs(of: readme) == [13...13])
        // An opening paragraph of prose is the lead, before any section.
        #expect(DocumentLead.paragraphs(of: "# chartkit\n\nchartkit turns CSV files into charts from the command line.\n\n## Usage\n\nRun it.")
                == [3...3])
        // Both an opening and an overview: both are the lead.
        #expect(DocumentLead.paragraphs(of: "# kit\n\nA Swift library for reading configuration in applications and libraries.\n\n"
                                        + "## Overview\n\nkit defines an abstraction layer between configuration readers and providers.\n")
                == [3...3, 7...7])
        // A tagline says too little; the overview says what the project is.
        let frontPage = "# ``ArgumentParser``\n\nStraightforward, type-safe argument parsing for Swift.\n\n## Overview\n\n"
            + "By using ArgumentParser, you can create a command-line interface tool by declaring simple Swift types.\n"
        #expect(DocumentLead.paragraphs(of: frontPage) == [7...7])
        #expect(DocumentLead.paragraphs(of: "# tool\n\n## Usage\n\n```sh\ntool --help\n```\n").isEmpty)
    }

    @Test func contributingAndReleaseNotesAreNoFactsAndSetUpStepsComeLast() {
        let readme = "# kit\n\nkit draws charts.\n\n## Installation\n\nAdd kit to your package.\n\n"
            + "## Contributing to kit\n\n### Proposing a new chart\n\nDiscuss why it would be important to implement it.\n"
        #expect(FactTopic.topic(ofLine: 3, in: readme) == .project)
        #expect(FactTopic.topic(ofLine: 7, in: readme) == .setup)
        // Under a contributing section, however deep.
        #expect(FactTopic.topic(ofLine: 13, in: readme) == .process)
        #expect(FactTopic.isProcess(path: "Documentation/Internals/ReleaseChecklist.md"))
        #expect(FactTopic.isProcess(path: "CONTRIBUTING.md"))
        #expect(FactTopic.isProcess(path: "Sources/Logging/Docs.docc/Proposals/SLG-0005-log-event-LogHandler-API.md"))
        #expect(!FactTopic.isProcess(path: "Sources/ArgumentParser/Documentation.docc/ArgumentParser.md"))
    }

    @Test func anAbbreviationDoesNotEndAFactAndAPointerToTheRestOfTheDocumentIsNone() {
        // swift-metrics' README, verbatim.
        let readme = RepositorySource(kind: .readme, path: "README.md", text: "If you have a server-side Swift application, "
            + "or maybe a cross-platform (e.g. Linux, macOS) application or library, and you would like to emit metrics, "
            + "targeting this metrics API package is a great idea. Below you'll find all you need to know to get started.\n")
        let facts = FactCandidates.sentences(of: readme, lines: 1...1, kind: .readme).map(\.text)
        #expect(facts.first?.hasSuffix("targeting this metrics API package is a great idea.") == true, "\(facts)")
        #expect(facts.count == 2)
        #expect(PostWriter.aboutTheText(facts.last ?? ""))
        #expect(!PostWriter.aboutTheText(facts.first ?? ""))
        #expect(FactCandidates.clean("AsyncAlgorithms is a package for algorithms that work with *values over time* and _order_.")
                == "AsyncAlgorithms is a package for algorithms that work with values over time and order.")
        #expect(FactCandidates.clean("Set snake_case_names and 2 * 3 * 4 as they are.") == "Set snake_case_names and 2 * 3 * 4 as they are.")
        for pointer in ["This directory contains examples demonstrating various Swift Configuration features and patterns.",
                        "Below, you will find information to get started.", "Refer to the CoreMetrics module documentation for the majority of types.",
                        "What SwiftMetrics provides today is covered in the API docs."] {
            #expect(PostWriter.aboutTheText(pointer), "\(pointer)")
        }
    }

    @Test func withoutALeadInItsReadmeAProjectIsTakenAtItsDocumentationsFrontPage() {
        // swift-argument-parser's, shortened: a README of usage and code, and a front page with an overview.
        let readme = RepositorySource(kind: .readme, path: "README.md", text: "# Swift Argument Parser\n\n## Usage\n\n```swift\nimport ArgumentParser\n```\n")
        let other = RepositorySource(kind: .docs, path: "Docs/A.md", text: "# A\n\nA page of eight words or more about the letter a.\n")
        let front = RepositorySource(kind: .docs, path: "Sources/ArgumentParser/Documentation.docc/ArgumentParser.md",
                                     text: "# ``ArgumentParser``\n\nStraightforward, type-safe argument parsing for Swift.\n\n## Overview\n\n"
                                         + "By using ArgumentParser, you can create a command-line interface tool by declaring simple Swift types.\n")
        let snapshot = RepositorySnapshot(location: .folder("/tmp/swift-argument-parser"), root: "/tmp/swift-argument-parser",
                                          name: "swift-argument-parser", commit: "0", tracked: true, manifest: nil,
                                          sources: [readme, other, front], skipped: [:], files: 3, topics: [])
        let lead = DocumentLead.of(snapshot)
        #expect(lead?.source.path == front.path && lead?.lines == [7...7])
    }
}

