/// Turns texts into L2-normalised vectors that can be compared by inner product.
public protocol Embedder: Sendable {
    /// Identifies the model that makes the vectors; a store never mixes two.
    var modelID: String { get }
    /// Length of every vector.
    var dimension: Int { get }
    /// One unit-length vector per text, in order.
    func embed(_ texts: [String]) async throws -> [[Float]]
}

extension Embedder {
    /// The vector of one text.
    public func embed(_ text: String) async throws -> [Float] {
        try await embed([text])[0]
    }
}

/// Scales `vector` to unit length (left as is when it is all zeros).
func normalized(_ vector: [Float]) -> [Float] {
    var sum: Float = 0
    for x in vector { sum += x * x }
    let norm = max(sum.squareRoot(), 1e-12)
    return vector.map { $0 / norm }
}
