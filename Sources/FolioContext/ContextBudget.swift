/// The tokens a chapter's context may use: the model's window less the room kept for the
/// response and the prompt's fixed text.
public struct ContextBudget: Sendable, Equatable, Codable {
    /// The model's context window, in tokens.
    public var contextWindow: Int
    /// Tokens kept free for the model's answer.
    public var reservedForResponse: Int
    /// Tokens of the prompt around the context (system prompt, task, chat template).
    public var scaffolding: Int

    /// Creates a budget.
    public init(contextWindow: Int, reservedForResponse: Int, scaffolding: Int) {
        self.contextWindow = contextWindow
        self.reservedForResponse = reservedForResponse
        self.scaffolding = scaffolding
    }

    /// The tokens left for context sections (never negative).
    public var available: Int { max(0, contextWindow - reservedForResponse - scaffolding) }
}
