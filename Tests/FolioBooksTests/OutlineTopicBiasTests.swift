import Testing
import FolioCore
import FolioProviders
@testable import FolioBooks
import FolioTesting

/// A plan step leans towards the words of the author's instructions, on samplers that take a bias.
@Suite struct OutlineTopicBiasTests {
    static let instructions = "A young apprentice discovers that her master's clocks can stop time."

    @Test func theInstructionsWordsAboutTheBookAreFavouredMidSentenceOnly() {
        let bias = BookPipeline.topicBias(of: Self.instructions)
        // "young", "discovers" and "can" say nothing of the book, "that" is a function word,
        // "her" too short; "master's" loses its "'s", which the model would loop on.
        #expect(bias.keys.sorted() == [" apprentice", " clocks", " master", " stop", " time"])
        #expect(Set(bias.values) == [BookPipeline.topicBiasLogits])
    }

    func planSteps(language: String) async throws -> [ChatRequest] {
        try await withTemporaryDirectory { directory in
            let provider = ScriptedProvider(replies: [
                .text([#"{"name": "The Stopped Clock", "summary": "The apprentice stops the master's clocks at noon."}"#]),
                .text([#"{"name": "Time Runs Again", "summary": "The master winds every clock and time runs on."}"#]),
            ])
            var options = BookPipeline.Options()
            options.plansOutlineByChapter = true
            options.reviewsOutline = false
            let pipeline = BookPipeline(store: BookStore(directory: directory.path), chain: ProviderChain(tiers: [provider]),
                                        options: options)
            let request = BookRequest(title: "The Clockmaker's Apprentice", instructions: Self.instructions,
                                      language: language, chapters: 2, wordsPerChapter: 100)
            _ = try await pipeline.planOutline(request) { _ in }
            return provider.requests.filter { $0.purpose?.hasPrefix("outline:") == true }
        }
    }

    @Test func everyPlanStepOfAnEnglishBookCarriesTheBiasAndABookInAnotherLanguageNone() async throws {
        let english = try await planSteps(language: "English")
        #expect(english.count == 2)
        #expect(english.allSatisfy { $0.textBias == BookPipeline.topicBias(of: Self.instructions) })
        let french = try await planSteps(language: "French")
        #expect(french.count == 2)
        #expect(french.allSatisfy { $0.textBias.isEmpty }, "the noise words are English")
    }
}
