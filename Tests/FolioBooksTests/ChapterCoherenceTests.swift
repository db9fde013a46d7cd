import Foundation
import Synchronization
import Testing
import FolioRetrieval
import FolioTesting
@testable import FolioBooks

/// Coherence figures with the real MiniLM model, and each sentence embedded once.
@Suite struct ChapterCoherenceTests {
    static let encoder = Result { try MiniLMEmbedder(directory: MiniLMReference.modelDirectory) }
    static let plan = "The Storm. A storm drives a fishing boat onto the rocks below the lighthouse."
    static let story = "The storm came in from the west just after dark. Mara climbed the lighthouse stairs to "
        + "check the great lamp. Out on the black water a fishing boat was fighting the waves. Its mast snapped "
        + "and the boat drifted toward the rocks below the tower. Mara ran down to the shore with a rope and a lantern. "
        + "She threw the rope to the fishermen as the boat struck the rocks."
    /// Sentences of other books, one after another: each reads, none follows from the one before.
    static let unrelated = "Knead the dough for ten minutes until it is smooth. The clockmaker's apprentice counted "
        + "the gears on the bench. Open a savings account before your first paycheck arrives. The harbor lights "
        + "went out one by one along the pier. Preheat the oven with the baking stone inside. A budget is a plan "
        + "for every dollar you earn."

    /// Counts the texts it is asked to embed.
    final class CountingEncoder: SentenceEncoder {
        let embedded = Mutex<[String]>([])
        func vectors(_ texts: [String]) -> [[Float]] {
            embedded.withLock { $0 += texts }
            return texts.map { [Float($0.count), 1] }
        }
    }

    @Test func aStoryHangsTogetherBetterThanUnrelatedSentences() throws {
        guard let encoder = try? Self.encoder.get() else {
            print("skipped: the MiniLM model is not in models/all-MiniLM-L6-v2")
            return
        }
        let story = try #require(ChapterCoherence(text: Self.story, plan: Self.plan, encoder: encoder))
        let unrelated = try #require(ChapterCoherence(text: Self.unrelated, plan: Self.plan, encoder: encoder))
        #expect(story.neighbourSimilarity > unrelated.neighbourSimilarity + 0.15, "\(story) \(unrelated)")
        #expect(story.planSimilarity > unrelated.planSimilarity + 0.3, "\(story) \(unrelated)")
        #expect(story.entityContinuity > unrelated.entityContinuity, "\(story) \(unrelated)")
        #expect(story.score > unrelated.score + 0.2)
        #expect(ChapterCoherence(text: "Too short.", plan: Self.plan, encoder: encoder) == nil)
    }

    @Test func eachSentenceIsEmbeddedOnce() {
        let counting = CountingEncoder()
        let remembering = RememberingSentenceEncoder(counting)
        let first = remembering.vectors(["A lamp.", "A boat.", "A lamp."])
        let second = remembering.vectors(["A boat.", "A rope."])
        #expect(first == [[7, 1], [7, 1], [7, 1]])
        #expect(second == [[7, 1], [7, 1]])
        #expect(counting.embedded.withLock { $0.sorted() } == ["A boat.", "A lamp.", "A rope."])
    }
}
