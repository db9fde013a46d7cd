/// A failure reported by FAISS or by the index file.
public struct VectorIndexError: Error, Sendable, CustomStringConvertible {
    /// What FAISS said, or what was wrong.
    public let message: String

    /// Creates an error.
    public init(_ message: String) { self.message = message }

    public var description: String { "vector index: \(message)" }
}
