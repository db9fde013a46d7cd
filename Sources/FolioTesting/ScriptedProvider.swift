import FolioProviders
import Synchronization

/// A `LanguageModelProvider` that answers each call with the next scripted reply and records
/// every request, for testing what is built on top of providers.
public final class ScriptedProvider: LanguageModelProvider {
    /// One scripted answer.
    public enum Reply: Sendable {
        /// Streams `pieces` as text, then usage and `finish`.
        case text([String], finish: FinishReason = .stop, usage: TokenUsage? = nil)
        /// Streams `pieces`, then fails with `error` (a stream broken mid-way).
        case fail(after: [String], error: any Error)
        /// Streams `pieces`, then waits until cancelled.
        case hang(after: [String])
    }

    public let name: String
    public let defaultModel: String
    private let replies: Mutex<[Reply]>
    private let recorded = Mutex<[ChatRequest]>([])
    private let delivered = Mutex(0)

    /// A provider answering calls with `replies`, in order.
    public init(name: String = "scripted", model: String = "scripted-model", replies: [Reply]) {
        self.name = name
        self.defaultModel = model
        self.replies = Mutex(replies)
    }

    /// Every request received, in order.
    public var requests: [ChatRequest] { recorded.withLock { $0 } }

    /// How many text pieces of a `.hang` reply have been handed to the stream so far, for a
    /// test to act once the partial answer is out.
    public var hungPieces: Int { delivered.withLock { $0 } }

    public func stream(_ request: ChatRequest) -> AsyncThrowingStream<StreamEvent, any Error> {
        recorded.withLock { $0.append(request) }
        let reply = replies.withLock { $0.isEmpty ? nil : $0.removeFirst() }
        return AsyncThrowingStream { continuation in
            let task = Task {
                switch reply {
                case nil:
                    continuation.finish(throwing: ProviderError(provider: name, message: "no scripted reply left"))
                case .text(let pieces, let finish, let usage)?:
                    for piece in pieces { continuation.yield(.text(piece)) }
                    if let usage { continuation.yield(.usage(usage)) }
                    continuation.yield(.finish(finish))
                    continuation.finish()
                case .fail(let pieces, let error)?:
                    for piece in pieces { continuation.yield(.text(piece)) }
                    continuation.finish(throwing: error)
                case .hang(let pieces)?:
                    for piece in pieces { continuation.yield(.text(piece)) }
                    delivered.withLock { $0 += pieces.count }
                    while !Task.isCancelled { try? await Task.sleep(for: .milliseconds(10)) }
                    continuation.finish(throwing: CancellationError())
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
