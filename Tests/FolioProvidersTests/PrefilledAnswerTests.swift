import FolioHTTP
import Foundation
import Testing
import FolioCore
@testable import FolioProviders
import FolioTesting

/// Continuations on the `local` tier: the answer so far left open for the model to go on with.
@Suite struct PrefilledAnswerTests {
    static let opening = "The keeper climbed the stairs as the storm rolled in. He lit the lamp and"

    static let request = ChatRequest(messages: [
        ChatMessage(.system, "Write the next part of the story."),
        ChatMessage(.user, "A keeper of a lighthouse finds a bottle. Write this opening of the book, about 80 words."),
    ], maxTokens: 24, temperature: 0.8, seed: 7)

    @Test func aPlainContinuationIsPrefilledAndItsInstructionLeftOut() throws {
        var request = Self.request.continuing(from: Self.opening + " \n")
        #expect(request.continuesAnswer)
        let echo = PrefilledAnswer.continuing(&request)
        #expect(echo != nil)
        #expect(request.messages.count == 3)
        #expect(request.messages.last == ChatMessage(.assistant, Self.opening), "no instruction, no trailing white space")
    }

    @Test func aContinuationWithAnInstructionOfItsOwnIsAskedAsItIs() {
        var closing = Self.request.continuing(from: Self.opening, instruction: "Bring the chapter to a close in a sentence or two.")
        #expect(!closing.continuesAnswer)
        #expect(PrefilledAnswer.continuing(&closing) == nil)
        #expect(closing.messages.count == 4)
        var fresh = Self.request
        #expect(PrefilledAnswer.continuing(&fresh) == nil)
        var blank = Self.request.continuing(from: " \n")
        #expect(PrefilledAnswer.continuing(&blank) == nil)
        #expect(blank.messages.count == 4, "left as it was")
    }

    @Test func theEchoedTextIsTakenOffHoweverTheStreamCutsIt() throws {
        var request = Self.request.continuing(from: "He lit the lamp")
        var echo = try #require(PrefilledAnswer.continuing(&request))
        #expect(echo.feed("He lit") == "")
        #expect(echo.feed(" the la") == "")
        #expect(echo.feed("mp and waited") == " and waited")
        #expect(echo.feed(" for dawn.") == " for dawn.")
        // A server that does not repeat the prefilled text: everything is new.
        var other = Self.request.continuing(from: "He lit the lamp")
        var unechoed = try #require(PrefilledAnswer.continuing(&other))
        #expect(unechoed.feed(" and") == " and")
        #expect(unechoed.feed(" waited.") == " waited.")
    }

    @Test("the bundled server goes on from the text so far, and its stream gives only the new text")
    func theBundledServerContinuesInPlace() async throws {
        let provider = LazyLocalModelProvider(configuration: LocalModelServerTests.configuration, modelName: "local",
                                              transport: CurlTransport())
        defer { Task { await provider.stop() } }
        var request = Self.request.continuing(from: Self.opening)
        request.slot = 0
        var text = ""
        for try await event in provider.stream(request) {
            if case .text(let piece) = event { text += piece }
        }
        await provider.stop()
        #expect(!text.isEmpty)
        #expect(!text.hasPrefix(Self.opening), "the prefilled text is not given back: \(text)")
        #expect(!text.lowercased().contains("continue"), "no talk about continuing: \(text)")
    }

    @Test("an answer the model ends where it stands is asked again with the instruction, never left empty")
    func anEndedAnswerIsAskedWithTheInstruction() async throws {
        let provider = LazyLocalModelProvider(configuration: LocalModelServerTests.configuration, modelName: "local",
                                              transport: CurlTransport())
        let greeting = ChatRequest(messages: [ChatMessage(.user, "Say hello.")], maxTokens: 12, temperature: 0)
        // Greedy, the bundled model ends its turn right after this greeting.
        let request = greeting.continuing(from: "Hello! How can I assist you today?")
        var text = ""
        var finished = false
        for try await event in provider.stream(request) {
            if case .text(let piece) = event { text += piece }
            if case .finish = event { finished = true }
        }
        await provider.stop()
        #expect(finished)
        #expect(!text.isEmpty)
    }
}
