/// Where a book's wall time went, in seconds, summed over every run that worked on it.
public struct BookTimings: Sendable, Equatable, Codable {
    /// Planning the outline (repairs included).
    public var outline: Double = 0
    /// Streaming the chapters' kept text (continuations included).
    public var writing: Double = 0
    /// Time of the text the chapter guards threw away (a stopped call's share of it).
    public var guards: Double = 0
    /// Summarising earlier chapters for later chapters' contexts.
    public var summaries: Double = 0
    /// Indexing saved chapters for retrieval.
    public var indexing: Double = 0
    /// Checking each written chapter before it is saved (the chapter reviewer: the safety
    /// chain) and measuring its quality record.
    public var review: Double = 0
    /// Everything, from the start of the run to the last chapter saved.
    public var total: Double = 0

    /// No time spent yet.
    public init() {}

    /// Reads a saved split; figures a book written by an earlier version lacks are 0.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        for (key, path) in [(CodingKeys.outline, \BookTimings.outline), (.writing, \.writing), (.guards, \.guards),
                            (.summaries, \.summaries), (.indexing, \.indexing), (.review, \.review), (.total, \.total)] {
            self[keyPath: path] = try container.decodeIfPresent(Double.self, forKey: key) ?? 0
        }
    }

    /// Time in the run that is in none of the parts: contexts, saves, the run's start.
    public var other: Double {
        max(0, total - outline - writing - guards - summaries - indexing - review)
    }

    /// Share of the total spent outside writing chapters (outline, summaries, indexing, guards, the rest).
    public var outsideWritingShare: Double {
        total > 0 ? max(0, total - writing) / total : 0
    }

    /// `outline 2.1 s · writing 20.4 s · summaries 0.0 s · indexing 1.3 s · guards 0.5 s · review 0.9 s · other 0.2 s · 17 % outside writing`
    public var line: String {
        [("outline", outline), ("writing", writing), ("summaries", summaries), ("indexing", indexing), ("guards", guards),
         ("review", review), ("other", other)]
            .map { "\($0.0) \(Self.format($0.1)) s" }.joined(separator: " · ")
            + " · \(Int((outsideWritingShare * 100).rounded())) % outside writing"
    }

    /// The timings with every figure rounded to hundredths, as saved.
    var rounded: BookTimings {
        var copy = self
        for path in [\BookTimings.outline, \.writing, \.guards, \.summaries, \.indexing, \.review, \.total] {
            copy[keyPath: path] = (copy[keyPath: path] * 100).rounded() / 100
        }
        return copy
    }

    private static func format(_ seconds: Double) -> String {
        String(Int((seconds * 10).rounded()) / 10) + "." + String(Int((seconds * 10).rounded()) % 10)
    }
}
