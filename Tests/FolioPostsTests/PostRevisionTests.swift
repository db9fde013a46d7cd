import FolioProviders
@testable import FolioPosts
import FolioPublishing
import FolioRetrieval
import FolioSafety
import FolioTesting
import Foundation
import Synchronization
import Testing

/// `post revise`: each kind of feedback changes the next version through constraints the code
/// enforces, and no word of it reaches the model (told what was wrong, a small model writes the
/// opposite of its fact).
@Suite struct PostRevisionTests {
    /// Answers each prompt as ``ScriptedPosts`` does and keeps every prompt; while `salesy` is
    /// set, the first answer to each prompt ends with an exclamation mark, as sales talk does.
    final class RecordingStreamer: ChatStreamer {
        private let state = Mutex((prompts: [String](), salesy: false, seen: Set<String>()))

        var prompts: [String] { state.withLock { $0.prompts } }

        func start(salesy: Bool) { state.withLock { $0 = ([], salesy, []) } }

        func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChainEvent, any Error> {
            let prompt = request.messages.last?.content ?? ""
            let text = state.withLock { state -> String in
                state.prompts.append(prompt)
                let answer = ScriptedPosts.answer(prompt)
                guard state.salesy, state.seen.insert(prompt).inserted else { return answer }
                return answer.trimmingCharacters(in: CharacterSet(charactersIn: ".?")) + "!"
            }
            return AsyncThrowingStream { continuation in
                continuation.yield(.attempt(provider: "scripted", model: "scripted-model"))
                continuation.yield(.text(text))
                continuation.yield(.finish(.stop))
                continuation.finish()
            }
        }
    }

    static let more = ["Themes change the colours and fonts of every chart in a folder at once.",
                       "Each chart can be exported as a PNG image for slides and reports."]

    func pipeline(_ directory: TemporaryDirectory, streamer: RecordingStreamer) throws -> PostPipeline {
        let embedder = try MiniLMEmbedder(directory: MiniLMReference.modelDirectory)
        return PostPipeline(reader: RepositoryReader(fetcher: RepositoryFetcher(cacheDirectory: directory.appending("clones"))),
                            embedder: embedder, streamer: streamer, safety: try SafetyChain(embedder: embedder),
                            options: PostPipeline.Options(postsDirectory: directory.appending("posts"),
                                                          indexDirectory: directory.appending("index")))
    }

    /// Writes a first version, gives it `kind` (with `note`), revises; the two versions and the
    /// prompts of the revision.
    func revise(_ kind: PostFeedback.Kind, note: String? = nil, salesy: Bool = false)
        async throws -> (first: PostVersion, revised: PostVersion, prompts: [String]) {
        try await withTemporaryDirectory { directory in
            let streamer = RecordingStreamer()
            let pipeline = try pipeline(directory, streamer: streamer)
            let root = try ScriptedPosts.makeRepository("chartkit", in: directory.path, more: Self.more)
            let snapshot = try pipeline.read(root)
            let first = try await pipeline.write(snapshot, brief: PostBrief(), hook: nil).version
            try await FeedbackLog(folder: pipeline.folder(of: snapshot))
                .append(PostFeedback(version: first.version, kind: kind, note: note, createdAt: "2026-01-01T00:00:00Z"))
            streamer.start(salesy: salesy)
            let revised = try await pipeline.revise(snapshot, note: nil).version
            return (first, revised, streamer.prompts)
        }
    }

    func facts(_ version: PostVersion) -> Set<String> { Set((version.pieces ?? []).map(\.fact)) }

    @Test func tooLongHalvesTheBodyAndKeepsEveryPieceChecked() async throws {
        let (first, revised, prompts) = try await revise(.tooLong)
        #expect(revised.version == 2 && revised.revises == 1)
        let (before, after) = ((first.pieces ?? []).count - 1, (revised.pieces ?? []).count - 1)
        #expect(before >= 2 && after == max(1, before / 2), "\(before) → \(after)")
        #expect(QualityRubric.words(revised.text).count < QualityRubric.words(first.text).count)
        #expect(revised.brief?.feedback == [PostFeedback.Kind.tooLong.instruction])
        #expect(!prompts.isEmpty && prompts.allSatisfy { !$0.contains("sentences") && !$0.contains("short") })
    }

    @Test func inaccurateLeavesOutTheFactTheNoteNames() async throws {
        let note = "charts are not written as standalone SVG files"
        let (first, revised, prompts) = try await revise(.inaccurate, note: note)
        let named = try #require((first.pieces ?? []).first { $0.fact.contains("standalone SVG") })
        #expect(facts(first).contains(named.fact))
        #expect(!facts(revised).contains(named.fact) && !(revised.pieces ?? []).isEmpty)
        #expect(!revised.text.contains("SVG"), "\(revised.text)")
        #expect(revised.hookType == first.hookType && revised.hook == first.hook)
        #expect(prompts.allSatisfy { !$0.contains(note) && !$0.contains("inaccurate") && !$0.contains("Leave out") })
    }

    @Test func inaccurateWithoutANoteLeavesOutTheLeastTrustedPiece() async throws {
        let (first, revised, _) = try await revise(.inaccurate)
        let least = try #require(PostRevision.leastTrusted(first.pieces ?? []))
        #expect(!facts(revised).contains(least.fact))
    }

    @Test func tooSalesyRefusesExclamationMarksTheModelWouldOtherwiseKeep() async throws {
        let (_, revised, _) = try await revise(.tooSalesy, salesy: true)
        #expect(!revised.text.contains("!"), "\(revised.text)")
        #expect((revised.droppedSentences ?? []).contains { $0.hasSuffix("!") })
        #expect(PostRevision(refusesHype: true).problem("chartkit is an amazing way to chart CSV files.", body: true)
            == "used the hype word amazing")
        #expect(PostRevision().problem("chartkit is an amazing way to chart CSV files!", body: true) == nil)
    }

    @Test func dislikeOpensWithAnotherHookTypeFromNewSeeds() async throws {
        let (first, revised, _) = try await revise(.dislike)
        #expect(first.hookType == "how-to")
        #expect(revised.hookType != first.hookType && revised.hook != first.hook, "\(revised.hookType): \(revised.hook ?? "")")
    }
}
