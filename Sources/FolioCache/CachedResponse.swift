import FolioProviders
import Foundation

/// A complete model answer as the cache keeps it: the text, who wrote it, and what it cost.
public struct CachedResponse: Sendable, Equatable, Codable {
    /// The provider tier that answered (the last one, after any fallback).
    public var provider: String
    /// The model that answered.
    public var model: String
    /// The whole answer.
    public var text: String
    /// Usage reported for the original call.
    public var usage: TokenUsage?
    /// Why the answer ended: `stop`, `length`, or another provider reason.
    public var finish: String
    /// When it was stored (seconds since 1970).
    public var created: Double

    /// Creates a record.
    public init(provider: String, model: String, text: String, usage: TokenUsage?, finish: FinishReason, created: Double) {
        self.provider = provider
        self.model = model
        self.text = text
        self.usage = usage
        self.finish = finish.name
        self.created = created
    }

    /// The finish reason.
    public var finishReason: FinishReason { FinishReason(wireValue: finish) }

}
