import Foundation
import Testing
import FolioCore
import FolioProviders
import FolioRetrieval
@testable import FolioBooks
import FolioTesting

/// A chapter saying an earlier one again in other words, with the real MiniLM model.
@Suite struct ParaphraseCheckTests {
    static let encoder = Result { try MiniLMEmbedder(directory: MiniLMReference.modelDirectory) }
    static let outline = #"{"summary":"Mara keeps a lighthouse and finds a bottle.","chapters":["#
        + #"{"title":"The Storm","summary":"A storm drives a boat onto the rocks."},"#
        + #"{"title":"The Bottle","summary":"Mara finds a green bottle on the beach."}]}"#
    static let chapterOne = "Rain lashed the lighthouse tower all night long. Mara kept the great lamp burning for the "
        + "fishing boats out at sea. At dawn the storm finally blew itself out over the grey water."
    /// Chapter one again, sentence by sentence in other words: no run of twelve words, or even eight, in common.
    static let paraphrased = "All night long the rain lashed the tower of the lighthouse. Mara kept the big lamp burning "
        + "for fishing boats out on the sea. The storm at last blew itself out over the grey sea at dawn."
    static let fresh = "A green bottle lay among the weed at the tide line, sealed with old red wax. Mara carried it up "
        + "the hundred steps and set it by the lamp."

    func encoderOrSkip() -> MiniLMEmbedder? {
        guard let encoder = try? Self.encoder.get() else {
            print("skipped: the MiniLM model is not in models/all-MiniLM-L6-v2")
            return nil
        }
        return encoder
    }

    @Test func closeParaphrasesAreFoundAndFreshSentencesAreNot() throws {
        guard let encoder = encoderOrSkip() else { return }
        let check = try #require(ParaphraseCheck(encoder: encoder, chapters: [Self.chapterOne]))
        #expect(WordRuns.longestSharedRun(WordRuns.words(Self.paraphrased), with: WordRuns.words(Self.chapterOne)) < 8)
        #expect(check.share(of: Self.paraphrased) == 1)
        #expect(check.share(of: Self.fresh) == 0)
        #expect(!check.isParaphrase("Mara kept a lamp."))  // too short to judge
    }

    @Test("A sentence retold with its people changed is a paraphrase though its vector is not near")
    func retoldWithOtherPeople() throws {
        guard let encoder = encoderOrSkip() else { return }
        // A quick start's chapters 2 and 3, verbatim.
        let chapterTwo = "You look at the box containing the bottle of wine, and you ask, \"What do I need to know?\" "
            + "The light of your lamp flickers, and you are about to reveal the truth."
        let check = try #require(ParaphraseCheck(encoder: encoder, chapters: [chapterTwo]))
        let retold = "She looked at the box containing the bottle of the treasure, and she asked, \"What do I need to know?\""
        #expect(check.restatesWords(retold))
        #expect(check.isParaphrase(retold))
        #expect(!check.restatesWords("She walked down to the harbour to buy bread and a bottle of wine for supper."))
        #expect(!check.isParaphrase("The lighthouse keeper looked at the box of the treasure and smiled."))
        #expect(check.share(of: retold + " The gulls wheeled over the harbour wall while the tide came in.") == 0.5)
    }

    @Test func aChapterParaphrasingAnEarlierOneIsResampledAndCounted() async throws {
        guard let encoder = encoderOrSkip() else { return }
        try await withTemporaryDirectory { directory in
            let provider = ScriptedProvider(replies: [
                .text([Self.outline]),
                .text([Self.chapterOne]),
                .text([Self.paraphrased]),
                .text([Self.fresh]),
            ])
            var options = BookPipeline.Options()
            options.seed = 42
            let store = BookStore(directory: directory.path)
            let pipeline = BookPipeline(store: store, chain: ProviderChain(tiers: [provider]), options: options,
                                        sentenceEncoder: encoder)
            let request = BookRequest(title: "The Keeper", instructions: "A short tale.", language: "English",
                                      chapters: 2, wordsPerChapter: 30)
            let log = EventLog()
            let book = try await pipeline.run(request) { log.append($0) }
            let second = try #require(store.readChapter(file: book.chapters[1].file, slug: book.slug))
            #expect(second == "# Chapter 2: The Bottle\n\n" + Self.fresh + "\n")
            let quality = try #require(book.chapters[1].quality)
            // Its first sentence is dropped as a paraphrase; its second keeps 7 of 8 content words
            // of chapter one's in order ("big" for "great"), a copy.
            #expect(quality.guardActions.map(\.kind) == [.paraphrase, .copy])
            #expect(quality.guardActions.last?.action == "resampled")
            #expect(quality.paraphrasedShare == 0)
            #expect(provider.requests[3].seed != provider.requests[2].seed)
            let first = try #require(store.readChapter(file: book.chapters[0].file, slug: book.slug))
            #expect(log.text == first + second)
        }
    }

    @Test func paraphrasesAreDroppedOneByOneAndTwoInARowStopTheAttempt() throws {
        guard let encoder = encoderOrSkip() else { return }
        let sentences = Self.paraphrased.components(separatedBy: ". ")
        let (rain, storm) = (sentences[0] + ".", sentences[2])
        let bottle = "A green bottle lay among the weed at the tide line, sealed with old red wax."
        let steps = "Mara carried it up the hundred steps and set it by the lamp."
        // A stock sentence said again, then the story, then another: each dropped on its own.
        var apart = ChapterGuard(reference: [], titles: [])
        apart.paraphrase = ParaphraseCheck(encoder: encoder, chapters: [Self.chapterOne])
        let spaced = apart.feed([rain, bottle, storm, steps, "The end came. "].joined(separator: " "))
        #expect(spaced.stop == nil)
        #expect(apart.dropped.map(\.kind) == [.paraphrase, .paraphrase])
        // One after the other, the earlier chapter is being told again: the attempt stops.
        var together = ChapterGuard(reference: [], titles: [])
        together.paraphrase = ParaphraseCheck(encoder: encoder, chapters: [Self.chapterOne])
        let run = together.feed([bottle, rain, storm, steps].joined(separator: " ") + " ")
        if case .violation(.paraphrase, _)? = run.stop {} else { Issue.record("expected a stop, got \(String(describing: run.stop))") }
    }

    @Test func theRecordCountsParaphrasesTheGuardsDidNotStop() throws {
        guard let encoder = encoderOrSkip() else { return }
        let check = ParaphraseCheck(encoder: encoder, chapters: [Self.chapterOne])
        func quality(_ check: ParaphraseCheck?) -> ChapterQuality {
            ChapterQuality(text: Self.paraphrased + " " + Self.fresh, targetWords: 60, reference: [], attempts: 1,
                           guardActions: [], guardSeconds: 0, droppedShare: 0, paraphrase: check)
        }
        #expect(quality(check).paraphrasedShare == 0.6)
        #expect(quality(check).misses.contains { $0.contains("paraphrase") })
        #expect(quality(check).score < quality(nil).score)
    }

    @Test func aSentenceRestatingOneOfItsChapterInOtherWordsIsDropped() throws {
        guard let encoder = encoderOrSkip() else { return }
        // A quick start's chapter 1, verbatim but for the last sentence.
        let text = "A lone lighthouse keeper sat alone in the crumbling tower, staring out at the endless expanse of the sea. "
            + "The stars above were a distant memory, but they reminded him of the island. "
            + "A lone lighthouse keeper sat on the crumbling tower, gazing out across the endless expanse of the sea. "
            + "He walked down to the shore and picked up the green bottle. "
        var sentinel = ChapterGuard(reference: [], titles: [])
        sentinel.encoder = encoder
        let shown = sentinel.feed(text).shown + sentinel.finish().shown
        #expect(shown == "A lone lighthouse keeper sat alone in the crumbling tower, staring out at the endless expanse of the sea. "
                + "The stars above were a distant memory, but they reminded him of the island. "
                + "He walked down to the shore and picked up the green bottle.")
        #expect(sentinel.takeDropped().map(\.kind) == [.loop])
    }
}
