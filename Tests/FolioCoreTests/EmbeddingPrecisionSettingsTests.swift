import FolioCore
import Testing

@Suite("EMBEDDING_PRECISION")
struct EmbeddingPrecisionSettingsTests {
    @Test("auto by default, f32 when asked, any case")
    func parsed() async throws {
        #expect(try await Settings.load(environment: [:], configFile: nil).retrieval.embeddingPrecision == .auto)
        let f32 = try await Settings.load(environment: ["EMBEDDING_PRECISION": "F32"], configFile: nil)
        #expect(f32.retrieval.embeddingPrecision == .f32)
    }

    @Test("another value is one line of bad input")
    func rejected() async {
        await #expect(throws: FolioError.badInput("EMBEDDING_PRECISION must be auto or f32; got 'bf16'")) {
            _ = try await Settings.load(environment: ["EMBEDDING_PRECISION": "bf16"], configFile: nil)
        }
    }
}
