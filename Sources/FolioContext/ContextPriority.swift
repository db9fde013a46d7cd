/// How much a context section matters, highest first; lower priorities give way first.
public enum ContextPriority: String, Sendable, Codable, CaseIterable, Comparable {
    /// Always in: title, book summary, instructions, this chapter's outline entry.
    case essential
    /// The previous chapters within the sliding window, in full.
    case high
    /// Summaries of the chapters outside the window.
    case medium
    /// Passages of earlier chapters found relevant by retrieval.
    case retrieved
    /// Distant chapters, compressed into a rolling summary.
    case low

    private var rank: Int { Self.allCases.firstIndex(of: self)! }

    public static func < (lhs: ContextPriority, rhs: ContextPriority) -> Bool { lhs.rank < rhs.rank }
}
