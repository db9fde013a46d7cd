import FolioCore
import FolioHTTP
import FolioProviders
import FolioTesting
import Foundation
import Testing

/// One recorded provider stream from `../shared/data/wire-real/`, and what Folio must make
/// of it.
struct WireTranscript: Sendable, CustomStringConvertible {
    /// What replaying the stream through its provider's client must give.
    enum Outcome: Sendable, Equatable {
        /// Visible text (the reference reading's, exactly) and this finish reason.
        case answer(FinishReason)
        /// No visible text at all (a tool call only, a blocked prompt, another endpoint's
        /// format) and this finish reason.
        case noText(FinishReason)
        /// The call fails with an error whose description contains this text; what text
        /// came before the failure is a prefix of the reference reading.
        case failure(String)
    }

    /// The provider folder: `openai`, `anthropic`, `gemini` or `ollama`.
    var folder: String
    /// The file name.
    var name: String
    var outcome: Outcome

    var description: String { "\(folder)/\(name)" }

    static let directory = SharedData.directory("wire-real")
    static let skipNote: Comment = "../shared/data/wire-real is absent; recorded provider streams not replayed"

    /// The bytes of the file.
    func bytes() throws -> [UInt8] {
        let url = try #require(Self.directory).appendingPathComponent(folder).appendingPathComponent(name)
        return Array(try Data(contentsOf: url))
    }

    /// The client of this file's provider, over `transport`.
    func provider(_ transport: any Transport, baseURL: String = "http://127.0.0.1:9") -> any LanguageModelProvider {
        ProviderCatalog.provider(folder, endpoint: Endpoint(baseURL: baseURL, apiKey: Secret("sk-replay-0f9e8d7c"), model: "m"),
                                 transport: transport)
    }
}

/// What a client made of a stream.
struct ReplayResult {
    var text = ""
    var finish: FinishReason?
    var error: (any Error)?
    var eventsAfterFinish = 0

    static func collect(_ provider: any LanguageModelProvider) async -> ReplayResult {
        var result = ReplayResult()
        let request = ChatRequest(messages: [.init(.user, "Replay.")], maxTokens: 64)
        do {
            for try await event in provider.stream(request) {
                if result.finish != nil { result.eventsAfterFinish += 1 }
                switch event {
                case .text(let piece): result.text += piece
                case .usage: break
                case .finish(let reason): result.finish = reason
                }
            }
        } catch {
            result.error = error
        }
        return result
    }
}
