/// How far a running job has got, as its handler reports it (for a book: chapter n of N).
public struct JobProgress: Sendable, Codable, Equatable {
    /// Steps finished.
    public var completed: Int
    /// Steps in all, when known (0 when not).
    public var total: Int
    /// What is happening now, one line (`writing chapter 3/10: The Storm`).
    public var message: String

    /// Progress of `completed` out of `total` steps, described by `message`.
    public init(completed: Int, total: Int, message: String) {
        self.completed = completed
        self.total = total
        self.message = message
    }

    /// The share finished, 0...1, when the total is known.
    public var fraction: Double? {
        total > 0 ? min(1, Double(completed) / Double(total)) : nil
    }
}
