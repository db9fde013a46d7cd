/// Every tier failed and at least one said the prompt does not fit its context window.
///
/// A caller that can shorten its prompt (drop the lowest-priority context) catches this
/// and retries once; otherwise it is reported like any other total failure.
public struct ContextTooLongError: Error, Sendable, Equatable, CustomStringConvertible {
    /// One line per tier saying why it failed.
    public let failures: [String]

    /// Creates the error.
    public init(failures: [String]) {
        self.failures = failures
    }

    public var description: String {
        "every provider tier failed (the prompt is too long for at least one):\n  "
            + failures.joined(separator: "\n  ")
    }
}
