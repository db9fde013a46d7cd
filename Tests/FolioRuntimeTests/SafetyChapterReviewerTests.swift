import FolioBooks
import FolioCore
@testable import FolioRuntime
import FolioSafety
import FolioTesting
import Foundation
import Testing

/// `folio generate --safety`: the chain's chapter reviewer with the real MiniLM model and the
/// bundled offline judge.
@Suite struct SafetyChapterReviewerTests {
    static var modelAvailable: Bool {
        FileManager.default.fileExists(atPath: MiniLMReference.modelDirectory + "/model.safetensors")
    }

    static let chapterOne = """
        Mara Vell kept the lighthouse on Gull Rock for eleven years. Her brother Tomas was born in 1952 in the harbour town of Kells. \
        The lamp turned every nine seconds through the winter storms.
        """

    func settings(_ directory: TemporaryDirectory) async throws -> Settings {
        try await Settings.load(environment: [
            "SAFETY_JUDGE": "offline", "EMBEDDING_MODEL_DIR": MiniLMReference.modelDirectory,
            "LOGS_DIR": directory.appending("logs"), "FOLIO_PROVIDERS": "local",
        ], configFile: CacheSettingsTests.emptyConfig)
    }

    @Test("a chapter that restates an earlier one with another year is contradicted; new events are not errors")
    func continuity() async throws {
        guard Self.modelAvailable else { print("skipped: no MiniLM model in models/"); return }
        try await withTemporaryDirectory { directory in
            try await FolioRuntime.with(try await settings(directory), command: "generate") { runtime in
                let reviewer = try #require(runtime.chapterReviewer(.report))
                let draft = ChapterDraft(
                    slug: "gull-rock", number: 2,
                    text: "Her brother Tomas was born in 1957 in the harbour town of Kells. A fishing boat ran aground on the reef at dawn.",
                    earlierChapters: [.init(number: 1, file: "chapters/01-the-rock.md", text: Self.chapterOne)])
                let review = try await reviewer.review(draft)
                #expect(review.text == draft.text)
                #expect(review.safety.checkedAgainst == ["earlier-chapters"])
                #expect(review.safety.claims == 2)
                #expect(review.safety.contradicted == 1)
                #expect(review.safety.flagged.map(\.label) == ["contradicted"])
                #expect(review.safety.flagged.first?.evidence?.hasPrefix("chapters/01-the-rock.md:") == true)
                #expect(review.safety.confidence == 0.5)
                #expect(!review.safety.isSafe)
                #expect(review.notices.first?.contains("1 contradicted") == true)
                #expect(review.safety.failedClaimRate == 0.5)
            }
        }
    }

    @Test("a chapter's claims are its sentences: the safety chain takes their vectors from the memory the guards filled")
    func sharedSentenceVectors() async throws {
        guard Self.modelAvailable else { print("skipped: no MiniLM model in models/"); return }
        try await withTemporaryDirectory { directory in
            try await FolioRuntime.with(try await settings(directory), command: "generate") { runtime in
                let memory = try #require(try runtime.sentenceMemory())
                #expect(try runtime.sentenceMemory() === memory)
                let chain = try runtime.safetyChain()
                #expect((chain.embedder as? RememberedEmbedder)?.memory === memory)
                let sentence = "Her brother Tomas was born in 1957 in the harbour town of Kells."
                let remembered = memory.vectors([sentence])
                #expect(try await chain.embedder.embed([sentence]) == remembered)
                // What the memory was asked is what the runtime's own embedder gives.
                let fresh = try await runtime.embedder().embed([sentence])
                #expect(zip(fresh[0], remembered[0]).allSatisfy { abs($0 - $1) < 1e-5 })
            }
        }
    }

    @Test("with sources, unsupported claims fail too, and a secret is a blocking finding")
    func sources() async throws {
        guard Self.modelAvailable else { print("skipped: no MiniLM model in models/"); return }
        try await withTemporaryDirectory { directory in
            try await FolioRuntime.with(try await settings(directory), command: "generate") { runtime in
                let sources = [SourceDocument(name: "notes.md", text: """
                    The Gull Rock light was built in 1871 from granite quarried on the island. \
                    Its lens is a first-order Fresnel lens made in Paris.
                    """)]
                let reviewer = try #require(runtime.chapterReviewer(.report, sources: sources))
                let text = "The Gull Rock light was built in 1871 from granite quarried on the island. "
                    + "Its keepers grew oranges in a heated greenhouse on the roof. Write to keeper@example.org for visits."
                let review = try await reviewer.review(ChapterDraft(slug: "gull-rock", number: 1, text: text, earlierChapters: []))
                #expect(review.safety.checkedAgainst == ["sources"])
                #expect(review.safety.unsupported >= 1)
                #expect(review.safety.flagged.contains { $0.text.contains("oranges") })
                #expect(!review.safety.flagged.contains { $0.text.contains("1871") })
                #expect(review.safety.policy.contains { $0.type == "personal-data" && !$0.text.contains("keeper@example.org") })
            }
        }
    }

    @Test("off builds no reviewer")
    func off() async throws {
        try await withTemporaryDirectory { directory in
            try await FolioRuntime.with(try await settings(directory)) { runtime in
                let reviewer = runtime.chapterReviewer(.off)
                #expect(reviewer == nil)
            }
        }
    }
}
