extension AsyncThrowingStream where Failure == any Error {
    /// A stream fed by `body` running in one task: the task is cancelled when the consumer
    /// goes away, and the stream is finished on every path (normally or with `body`'s error).
    public static func producing(
        _ body: @escaping @Sendable (_ yield: @escaping @Sendable (Element) -> Void) async throws -> Void
    ) -> AsyncThrowingStream<Element, any Error> where Element: Sendable {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    try await body { continuation.yield($0) }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
