@testable import FolioPosts
import FolioRetrieval
import FolioSafety
import FolioTesting
import Testing

/// The meaning-level check of a post's pieces: the safety chain's offline judge over the real
/// MiniLM embedder, against a small repository's README.
@Suite struct PieceSupportTests {
    static let readme = """
        chartkit turns CSV files into charts from the command line.
        Every chart of chartkit is written as a standalone SVG file next to its data.
        Themes change the colours and fonts of every chart in a folder at once.
        """

    func support() async throws -> PieceSupport {
        let chain = try SafetyChain(embedder: MiniLMEmbedder(directory: MiniLMReference.modelDirectory))
        return try await PieceSupport.build(chain: chain, sources: [SourceDocument(name: "README.md", text: Self.readme)])
    }

    @Test func aSentenceTheReadmeSaysPassesAndAnInventedOneDoesNot() async throws {
        let support = try await support()
        let said = try await support.verdict("With chartkit, each chart is a standalone SVG file written next to its data.")
        #expect(said.supported, "\(said)")
        let invented = try await support.verdict("chartkit sells cloud storage to banks and hospitals in twelve countries.")
        #expect(!invented.supported, "\(invented)")
        #expect(invented.score < said.score)
        // A question claims nothing: there is nothing for the judge to refuse.
        #expect(try await support.verdict("Why draw charts by hand?").supported)
    }
}
