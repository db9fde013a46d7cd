import Foundation
import FolioProviders

/// One model call's whole answer, with who gave it and what it cost.
public struct ModelAnswer: Sendable, Equatable {
    /// The text.
    public var text: String
    /// The tier that answered (`cache` when replayed).
    public var provider: String
    /// Its model.
    public var model: String
    /// Tokens and cost.
    public var usage: TokenUsage
}

/// What every step of the chain shares: the streamer calls go through (the cached provider
/// chain), the model name, and the running total of usage.
actor ModelCall {
    let streamer: any ChatStreamer
    let model: String?
    private(set) var usage = TokenUsage.zero
    private(set) var provider = ""
    private(set) var modelName = ""

    init(streamer: any ChatStreamer, model: String?) {
        self.streamer = streamer
        self.model = model
    }

    /// Asks `messages` once and returns the whole answer.
    /// `copying` leaves out the repetition penalties, for steps whose answer should repeat the
    /// prompt's words (a penalty pushes a small model off them and into invention); `grammar`
    /// holds the bundled server's answer to a GBNF grammar.
    func ask(_ messages: [ChatMessage], purpose: String, maxTokens: Int, temperature: Double, seed: Int,
             copying: Bool = false, grammar: String? = nil) async throws -> ModelAnswer {
        var request = ChatRequest(
            messages: messages, model: model, maxTokens: maxTokens,
            temperature: temperature, frequencyPenalty: copying ? nil : 0.4, presencePenalty: copying ? nil : 0.2,
            purpose: purpose, seed: seed, repetition: copying ? nil : RepetitionControl(repeatPenalty: 1.15, repeatLastN: 128))
        request.grammar = grammar
        // An interrupted run stops here rather than taking the empty answers of a cancelled
        // stream for a model's and asking again.
        try Task.checkCancellation()
        var answer = ModelAnswer(text: "", provider: "", model: "", usage: .zero)
        for try await event in streamer.stream(request) {
            switch event {
            case .attempt(let provider, let model):
                answer.provider = provider
                answer.model = model
            case .text(let piece): answer.text += piece
            case .usage(let used): answer.usage = answer.usage + used
            case .failed, .finish: break
            }
        }
        try Task.checkCancellation()
        usage = usage + answer.usage
        if !answer.provider.isEmpty {
            provider = answer.provider
            modelName = answer.model
        }
        return answer
    }
}
