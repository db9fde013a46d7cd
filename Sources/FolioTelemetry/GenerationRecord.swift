import Foundation

/// One model call, as one line of `logs/generations.jsonl`.
///
/// Prompts and answers appear only as a SHA-256 and a length unless content logging is on;
/// never a key. Fields that do not apply are left out of the line.
public struct GenerationRecord: Codable, Sendable, Equatable {
    /// One tier tried for the call, and how it went.
    public struct Attempt: Codable, Sendable, Equatable {
        /// The tier (`openai`, `local`, `cache`, …).
        public var provider: String
        /// `ok`, or the one-line reason it failed.
        public var outcome: String

        /// Creates an attempt.
        public init(provider: String, outcome: String) {
            self.provider = provider
            self.outcome = outcome
        }
    }

    /// When the call started, ISO 8601 in UTC.
    public var time: String
    /// When the call started, in seconds since 1970 (what `folio stats` filters on).
    public var unix: Double
    /// The command that made the call (`generate`, `stream`, `post`, `worker`, …).
    public var command: String
    /// What the call was for: `outline:<slug>`, `chapter:<slug>:<n>`, `summary:…`, `chat`.
    public var purpose: String
    /// The job that made the call, when a worker ran it.
    public var jobID: String?
    /// Every tier tried, in order.
    public var attempts: [Attempt]
    /// The tier that answered (`cache` for a replayed answer).
    public var provider: String?
    /// The model that answered (for a cache hit, the original `provider/model`).
    public var model: String?
    /// Milliseconds to the first text.
    public var firstTokenMilliseconds: Double?
    /// Milliseconds for the whole call.
    public var totalMilliseconds: Double
    /// Prompt tokens.
    public var promptTokens: Int
    /// Generated tokens.
    public var completionTokens: Int
    /// What the call cost in US dollars.
    public var costUSD: Double
    /// `hit`, `miss`, or `off` when the call bypassed the cache.
    public var cache: String
    /// Failed attempts that were retried on the same tier.
    public var retries: Int
    /// Moves to another tier.
    public var fallbacks: Int
    /// `stop`, `length`, or the provider's own reason; absent when the call failed.
    public var finishReason: String?
    /// The failure's kind when the call failed (`every tier failed`, `cancelled`, …).
    public var error: String?
    /// The chapter's or post's quality score (0–1), when one was measured.
    public var quality: Double?
    /// The safety chain's confidence (0–1), when it ran.
    public var safetyConfidence: Double?
    /// Share of checked claims the sources did not support, when the safety chain ran.
    public var unsupportedClaimRate: Double?
    /// SHA-256 of the prompt's messages.
    public var promptSHA256: String
    /// Characters in the prompt's messages.
    public var promptCharacters: Int
    /// SHA-256 of the answer.
    public var answerSHA256: String
    /// Characters in the answer.
    public var answerCharacters: Int
    /// The prompt's messages, only with content logging on.
    public var prompt: String?
    /// The answer, only with content logging on.
    public var answer: String?

    /// Creates a record.
    public init(
        time: String,
        unix: Double,
        command: String,
        purpose: String,
        jobID: String? = nil,
        attempts: [Attempt],
        provider: String?,
        model: String?,
        firstTokenMilliseconds: Double?,
        totalMilliseconds: Double,
        promptTokens: Int,
        completionTokens: Int,
        costUSD: Double,
        cache: String,
        retries: Int,
        fallbacks: Int,
        finishReason: String?,
        error: String?,
        quality: Double? = nil,
        safetyConfidence: Double? = nil,
        unsupportedClaimRate: Double? = nil,
        promptSHA256: String,
        promptCharacters: Int,
        answerSHA256: String,
        answerCharacters: Int,
        prompt: String? = nil,
        answer: String? = nil
    ) {
        self.time = time
        self.unix = unix
        self.command = command
        self.purpose = purpose
        self.jobID = jobID
        self.attempts = attempts
        self.provider = provider
        self.model = model
        self.firstTokenMilliseconds = firstTokenMilliseconds
        self.totalMilliseconds = totalMilliseconds
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.costUSD = costUSD
        self.cache = cache
        self.retries = retries
        self.fallbacks = fallbacks
        self.finishReason = finishReason
        self.error = error
        self.quality = quality
        self.safetyConfidence = safetyConfidence
        self.unsupportedClaimRate = unsupportedClaimRate
        self.promptSHA256 = promptSHA256
        self.promptCharacters = promptCharacters
        self.answerSHA256 = answerSHA256
        self.answerCharacters = answerCharacters
        self.prompt = prompt
        self.answer = answer
    }

    enum CodingKeys: String, CodingKey {
        case time, unix, command, purpose, attempts, provider, model, cache, retries, fallbacks, error, quality
        case prompt, answer
        case jobID = "job_id"
        case firstTokenMilliseconds = "ttft_ms"
        case totalMilliseconds = "total_ms"
        case promptTokens = "prompt_tokens"
        case completionTokens = "completion_tokens"
        case costUSD = "cost_usd"
        case finishReason = "finish_reason"
        case safetyConfidence = "safety_confidence"
        case unsupportedClaimRate = "unsupported_claim_rate"
        case promptSHA256 = "prompt_sha256"
        case promptCharacters = "prompt_chars"
        case answerSHA256 = "answer_sha256"
        case answerCharacters = "answer_chars"
    }

    /// Whether the call ended in an answer.
    public var succeeded: Bool { error == nil }
}
