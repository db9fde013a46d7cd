import FolioCore
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
    /// set, every answer ends with an exclamation mark, as sales talk does.
    final class RecordingStreamer: ChatStreamer {
        private let state: Mutex<(prompts: [String], salesy: Bool)>

        init(salesy: Bool) { state = Mutex(([], salesy)) }

        var prompts: [String] { state.withLock { $0.prompts } }

        /// Forgets the prompts so far and stops the sales talk.
        func restart() { state.withLock { $0 = ([], false) } }

        func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChainEvent, any Error> {
            let prompt = request.messages.last?.content ?? ""
            let text = state.withLock { state -> String in
                state.prompts.append(prompt)
                // The one fact ScriptedPosts gives back word for word is given a sentence of its own.
                let answer = prompt.contains("Fact about chartkit: Each chart can be exported")
                    ? "You can export each chart of chartkit as a PNG image for your slides." : ScriptedPosts.answer(prompt)
                guard state.salesy else { return answer }
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

    /// Writes a first version (ending its sentences with exclamation marks when `salesy`),
    /// gives it `kind` (with `note`), revises; the two versions and the prompts of the revision.
    func revise(_ kind: PostFeedback.Kind, note: String? = nil, salesy: Bool = false)
        async throws -> (first: PostVersion, revised: PostVersion, prompts: [String]) {
        try await withTemporaryDirectory { directory in
            let streamer = RecordingStreamer(salesy: salesy)
            let pipeline = try pipeline(directory, streamer: streamer)
            let root = try ScriptedPosts.makeRepository("chartkit", in: directory.path, more: Self.more)
            let snapshot = try pipeline.read(root)
            let first = try await pipeline.write(snapshot, brief: PostBrief(), hook: nil).version
            try await FeedbackLog(folder: pipeline.folder(of: snapshot))
                .append(PostFeedback(version: first.version, kind: kind, note: note, createdAt: "2026-01-01T00:00:00Z"))
            streamer.restart()
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
        // Every piece of the first version passes again, so the shorter one is its first pieces,
        // and the model is asked nothing.
        #expect((revised.pieces ?? []).map(\.text) == (first.pieces ?? []).prefix(after + 1).map(\.text))
        #expect(prompts.isEmpty)
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
        let (first, revised, _) = try await revise(.tooSalesy, salesy: true)
        #expect(first.text.contains("!") && !revised.text.contains("!"), "\(first.text) → \(revised.text)")
        #expect((revised.droppedSentences ?? []).contains { $0.hasSuffix("!") }, "\(revised.droppedSentences ?? [])")
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

extension PostRevisionTests {
    @Test func aNoteWithoutInaccurateBringsTheFactItNamesFirst() async throws {
        let (first, revised, prompts) = try await revise(.other, note: "mention the PNG export for slides")
        // Second of the body at first, the fact the note names is the first after the opening line.
        #expect((first.pieces ?? []).firstIndex { $0.fact.contains("PNG") } != 1)
        #expect((revised.pieces ?? []).firstIndex { $0.fact.contains("PNG") } == 1)
        #expect(prompts.allSatisfy { !$0.contains("mention") })
    }
}

extension PostRevisionTests {
    @Test func likeAloneAndFeedbackTheVersionAlreadyMeetsWriteNoVersion() async throws {
        for kind in [PostFeedback.Kind.like, .tooSalesy] {
            await #expect(throws: FolioError.self) { _ = try await revise(kind) }
        }
        // With a note, praise still asks for something.
        let (_, revised, _) = try await revise(.like, note: "mention the PNG export for slides")
        #expect(revised.version == 2)
    }
}

