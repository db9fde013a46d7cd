import Foundation

/// Token ids and embeddings of all-MiniLM-L6-v2 made by sentence-transformers
/// (`Benchmarks/python/minilm_reference.py`), kept in `Fixtures/minilm-reference.json`.
public struct MiniLMReference: Sendable, Decodable {
    /// One reference text.
    public struct Entry: Sendable, Decodable {
        /// The input text.
        public var text: String
        /// Token ids with `[CLS]` and `[SEP]`, truncated to 256.
        public var ids: [Int]
        /// The WordPiece pieces of `ids`.
        public var tokens: [String]
        /// The unit-length 384-float embedding.
        public var embedding: [Float]
    }

    /// Every reference text.
    public var texts: [Entry]

    /// Loads the fixture.
    public static func load() throws -> MiniLMReference {
        try JSONDecoder().decode(MiniLMReference.self, from: Data(try Fixtures.bytes("minilm-reference.json")))
    }

    /// The bundled model folder, `models/all-MiniLM-L6-v2` under the package root.
    public static var modelDirectory: String {
        FolioBinary.packageRoot.appendingPathComponent("models/all-MiniLM-L6-v2").path
    }
}
