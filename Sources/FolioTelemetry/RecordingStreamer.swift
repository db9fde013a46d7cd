import FolioCache
import FolioCore
import FolioProviders
import Foundation
import Metrics

/// Logs every call that passes through it — one `GenerationRecord` per call, whether it
/// succeeded, failed or was cancelled — and reports counters and timers through
/// swift-metrics (a no-op unless the process bootstraps a metrics backend).
///
/// It sits in front of everything else (cache, chain), so it sees cache hits, retries and
/// fallbacks as the caller does.
public struct RecordingStreamer: ChatStreamer {
    /// Who is calling: the command and, in a worker, the job.
    public struct Caller: Sendable {
        /// The command (`generate`, `stream`, …).
        public var command: String
        /// The job id, when a worker runs the call.
        public var jobID: String?

        /// Creates a caller.
        public init(command: String, jobID: String? = nil) {
            self.command = command
            self.jobID = jobID
        }
    }

    let base: any ChatStreamer
    let log: GenerationLog
    let caller: Caller
    let cached: Bool

    /// Records calls to `base` in `log`; `cached` says whether `base` has a cache in front.
    public init(base: any ChatStreamer, log: GenerationLog, caller: Caller, cached: Bool) {
        self.base = base
        self.log = log
        self.caller = caller
        self.cached = cached
    }

    public func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChainEvent, any Error> {
        .producing { yield in
            var call = CallObservation(request: request, caller: caller, cached: cached)
            do {
                for try await event in base.stream(request) {
                    call.observe(event)
                    yield(event)
                }
                try Task.checkCancellation()
                finish(call.record(error: nil))
            } catch {
                finish(call.record(error: error))
                throw error
            }
        }
    }

    public func discard(_ request: ChatRequest) async {
        await base.discard(request)
    }

    private func finish(_ record: GenerationRecord) {
        log.append(record)
        let provider = record.provider ?? "none"
        Counter(label: "folio_model_calls_total", dimensions: [
            ("provider", provider), ("outcome", record.succeeded ? "ok" : "error"), ("cache", record.cache),
        ]).increment()
        Timer(label: "folio_model_call_seconds", dimensions: [("provider", provider)])
            .recordNanoseconds(Int64(record.totalMilliseconds * 1_000_000))
        Counter(label: "folio_tokens_total", dimensions: [("direction", "prompt")]).increment(by: record.promptTokens)
        Counter(label: "folio_tokens_total", dimensions: [("direction", "completion")]).increment(by: record.completionTokens)
        if record.fallbacks > 0 {
            Counter(label: "folio_fallbacks_total", dimensions: [("provider", provider)]).increment(by: record.fallbacks)
        }
    }
}

/// What one call did, gathered from its events.
struct CallObservation {
    let request: ChatRequest
    let caller: RecordingStreamer.Caller
    let cached: Bool
    let started = ContinuousClock.now
    let startedAt = Date()
    var attempts: [GenerationRecord.Attempt] = []
    var lastModel: String?
    var firstText: ContinuousClock.Instant?
    var answer = ""
    var usage = TokenUsage.zero
    var finish: FinishReason?
    var retries = 0
    var fallbacks = 0

    init(request: ChatRequest, caller: RecordingStreamer.Caller, cached: Bool) {
        self.request = request
        self.caller = caller
        self.cached = cached
    }

    mutating func observe(_ event: ChainEvent) {
        switch event {
        case .attempt(let provider, let model):
            if let last = attempts.last, last.outcome != "ok" {
                if last.provider == provider { retries += 1 } else { fallbacks += 1 }
            }
            attempts.append(.init(provider: provider, outcome: "ok"))
            lastModel = model
        case .failed(let provider, let reason):
            if let index = attempts.lastIndex(where: { $0.provider == provider }) {
                attempts[index].outcome = reason
            } else {
                attempts.append(.init(provider: provider, outcome: reason))
            }
        case .text(let piece):
            if firstText == nil { firstText = .now }
            answer += piece
        case .usage(let reported):
            usage = usage + reported
        case .finish(let reason):
            finish = reason
        }
    }

    func record(error: (any Error)?) -> GenerationRecord {
        let prompt = request.messages.map { "\($0.role.rawValue): \($0.content)" }.joined(separator: "\n")
        let answered = attempts.last.flatMap { $0.outcome == "ok" ? $0 : nil }
        let provider = answered?.provider
        return GenerationRecord(
            time: ISO8601DateFormatter().string(from: startedAt),
            unix: startedAt.timeIntervalSince1970,
            command: caller.command,
            purpose: request.purpose ?? "chat",
            jobID: caller.jobID,
            attempts: attempts,
            provider: provider,
            model: provider == nil ? nil : lastModel,
            firstTokenMilliseconds: firstText.map { started.duration(to: $0).milliseconds },
            totalMilliseconds: started.duration(to: .now).milliseconds,
            promptTokens: usage.promptTokens,
            completionTokens: usage.completionTokens,
            costUSD: usage.costUSD ?? 0,
            cache: !cached ? "off" : provider == CachingStreamer.providerName ? "hit" : "miss",
            retries: retries,
            fallbacks: fallbacks,
            finishReason: error == nil ? finish.map(\.name) : nil,
            error: error.map(Self.kind),
            quality: nil,
            safetyConfidence: nil,
            unsupportedClaimRate: nil,
            promptSHA256: SHA256.hex(prompt.utf8),
            promptCharacters: prompt.count,
            answerSHA256: SHA256.hex(answer.utf8),
            answerCharacters: answer.count,
            prompt: prompt,
            answer: answer)
    }


    private static func kind(_ error: any Error) -> String {
        switch error {
        case is CancellationError: "cancelled"
        case let error as FolioError: error.kind.description
        case is ContextTooLongError: "context too long"
        default: String(describing: type(of: error))
        }
    }
}
