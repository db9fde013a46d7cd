import Foundation

/// What a finished chapter or post scored, logged as its own line (`"kind": "assessment"`)
/// after the calls that wrote it: the scores exist only once the whole text does, and a line
/// already written is never rewritten.
///
/// `folio stats` counts these lines in the quality and safety means of their purpose's group,
/// never as requests.
public struct GenerationAssessment: Sendable, Equatable, Codable {
    /// Always `assessment`: tells these lines from call records.
    public var kind = "assessment"
    /// When it was assessed (ISO 8601).
    public var time: String
    /// The same instant in seconds since 1970.
    public var unix: Double
    /// The command that wrote the text.
    public var command: String
    /// What was assessed, as the calls that wrote it name it (`chapter:<slug>:<n>`, `post:<repo>`).
    public var purpose: String
    /// The job id, when a worker wrote it.
    public var jobID: String?
    /// The provider that wrote most of it.
    public var provider: String?
    /// Quality score, 0–1.
    public var quality: Double?
    /// The safety chain's confidence, 0–1.
    public var safetyConfidence: Double?
    /// Share of checked claims the sources did not support.
    public var unsupportedClaimRate: Double?

    /// An assessment of `purpose` made now.
    public init(command: String, purpose: String, jobID: String? = nil, provider: String? = nil,
                quality: Double? = nil, safetyConfidence: Double? = nil, unsupportedClaimRate: Double? = nil,
                at date: Date = Date()) {
        self.time = ISO8601DateFormatter().string(from: date)
        self.unix = date.timeIntervalSince1970
        self.command = command
        self.purpose = purpose
        self.jobID = jobID
        self.provider = provider
        self.quality = quality
        self.safetyConfidence = safetyConfidence
        self.unsupportedClaimRate = unsupportedClaimRate
    }

    enum CodingKeys: String, CodingKey {
        case kind, time, unix, command, purpose, provider, quality
        case jobID = "job_id"
        case safetyConfidence = "safety_confidence"
        case unsupportedClaimRate = "unsupported_claim_rate"
    }
}
