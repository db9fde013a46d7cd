import FolioCore
import FolioProviders
import Foundation

/// Writes one chapter's body through the provider chain: streams it, continues it when
/// it stops for length, and trims white space at its ends without delaying the stream.
struct ChapterWriter: Sendable {
    /// What writing a chapter produced.
    struct Result: Sendable {
        var text: String
        var usage: TokenUsage
        var provider: String?
        var model: String?
        var finishReason: FinishReason?
        var continuations: Int
        var generationSeconds: Double
    }

    let chain: any ChatStreamer
    let maxContinuations: Int

    /// Asks for the end of a chapter that has reached its length.
    static let closeInstruction = "The chapter is long enough. Continue exactly where the text stops: finish "
        + "the sentence and bring the chapter to a close in at most two more sentences. Do not repeat anything."
    /// Token limit of that closing continuation.
    static let closingTokens = 80

    /// Streams the body of chapter `number` for `request`; each shown piece goes to `onEvent` as `.text`.
    func write(
        _ request: ChatRequest,
        number: Int,
        targetWords: Int,
        onEvent: @Sendable (BookEvent) -> Void
    ) async throws -> Result {
        var trimmer = StreamingTrimmer()
        var result = Result(text: "", usage: .zero, continuations: 0, generationSeconds: 0)
        var raw = ""
        let clock = ContinuousClock()
        let started = clock.now
        var current = request
        var closing = false
        while true {
            var reportedUsage: TokenUsage?
            var atJoin = !raw.isEmpty
            result.finishReason = nil
            for try await event in chain.stream(current) {
                switch event {
                case .attempt(let provider, let model):
                    result.provider = provider
                    result.model = model
                    onEvent(.provider(name: provider, model: model))
                case .failed(let provider, let reason):
                    onEvent(.providerFailed(name: provider, reason: reason))
                case .text(var piece):
                    if atJoin {
                        piece = Self.join(raw, piece)
                        atJoin = false
                    }
                    raw += piece
                    let shown = trimmer.feed(piece)
                    if !shown.isEmpty {
                        result.text += shown
                        onEvent(.text(shown))
                    }
                case .usage(let usage):
                    reportedUsage = (reportedUsage ?? .zero) + usage
                case .finish(let reason):
                    result.finishReason = reason
                }
            }
            // A cancelled consumer sees the stream simply end: that is an interruption, never a chapter.
            try Task.checkCancellation()
            guard result.finishReason != nil else {
                throw FolioError.runtime("the model's answer ended before it finished; nothing was saved")
            }
            result.usage = result.usage + (reportedUsage ?? .zero)
            // Stopped by the token limit: go on while short of the target; once past it, ask
            // once for a brief close, so a chapter never ends mid-sentence when it can be helped.
            guard result.finishReason == .length, result.continuations < maxContinuations, !closing else { break }
            let words = result.text.split(whereSeparator: \.isWhitespace).count
            result.continuations += 1
            onEvent(.continuing(number: number, continuation: result.continuations))
            if words < targetWords {
                current = request.continuing(from: raw)
            } else {
                closing = true
                current = request.continuing(from: raw, instruction: Self.closeInstruction)
                current.maxTokens = Self.closingTokens
            }
        }
        result.generationSeconds = (clock.now - started).seconds
        return result
    }
}

extension ChapterWriter {
    /// A continuation that starts a new sentence right after a full stop gets the space the
    /// model left out; anything else is taken as the model wrote it.
    static func join(_ previous: String, _ next: String) -> String {
        guard let last = previous.last, let first = next.first else { return next }
        if ".!?;:,”\"".contains(last) && (first.isLetter || first == "\"" || first == "“") {
            return " " + next
        }
        return next
    }
}
