/// The arithmetic of the native embedding model's matrix products.
public enum EmbeddingPrecision: String, Sendable, CaseIterable, Codable {
    /// bfloat16 inputs with f32 sums on oneDNN's AMX kernels when the CPU has them, else f32
    /// (the default).
    case auto
    /// f32 through OpenBLAS, always.
    case f32
}
