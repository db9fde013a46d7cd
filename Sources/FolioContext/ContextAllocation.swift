/// The context chosen for a chapter, and the account of it: every section with its priority
/// and cost, in prompt order, against the budget.
public struct ContextAllocation: Sendable, Equatable, Codable {
    /// Tokens the sections may use.
    public var budget: Int
    /// Tokens the sections use (never more than `budget`).
    public var totalTokens: Int
    /// The sections, in the order they appear in the prompt.
    public var sections: [ContextSection]
    /// Chapters included in full or by their ending (the sliding window).
    public var window: [Int]

    enum CodingKeys: String, CodingKey {
        case budget
        case totalTokens = "total_tokens"
        case sections
        case window
    }

    /// Creates an allocation.
    public init(budget: Int, totalTokens: Int, sections: [ContextSection], window: [Int]) {
        self.budget = budget
        self.totalTokens = totalTokens
        self.sections = sections
        self.window = window
    }

    /// Tokens used by sections of `priority`.
    public func tokens(of priority: ContextPriority) -> Int {
        sections.filter { $0.priority == priority }.reduce(0) { $0 + $1.tokens }
    }

    /// The sections as prompt text.
    public var rendered: String { sections.map(\.rendered).joined() }
}
