@testable import FolioRetrieval
import Testing

@Suite("TextChunker")
struct TextChunkerTests {
    static let text = (1...60).map { "Sentence \($0) tells of the harbour and the ships that came in at dawn." }
        .joined(separator: " ")

    @Test("chunks stay within size, overlap, and end at sentence boundaries")
    func sizesAndBoundaries() {
        let chunker = TextChunker(size: 512, overlap: 128)
        let chunks = chunker.chunks(of: Self.text)
        #expect(chunks.count > 5)
        for (i, chunk) in chunks.enumerated() {
            #expect(chunk.index == i)
            #expect(chunk.text.count <= 512)
            #expect(chunk.text.first == "S", "starts at a sentence: \(chunk.text.prefix(20))")
            if i < chunks.count - 1 {
                #expect(chunk.text.hasSuffix("."), "ends at a sentence: \(chunk.text.suffix(20))")
                #expect(chunks[i + 1].start < chunk.end, "consecutive chunks overlap")
                #expect(chunks[i + 1].start > chunk.start)
            }
        }
        #expect(chunks.last!.end == Self.text.count)
        #expect(chunks.first!.start == 0)
    }

    @Test("offsets point at the chunk's text")
    func offsets() {
        let characters = Array(Self.text)
        for chunk in TextChunker(size: 300, overlap: 50).chunks(of: Self.text) {
            #expect(String(characters[chunk.start..<chunk.end]).trimmingWhitespace() == chunk.text)
        }
    }

    @Test("text without sentence ends is cut at spaces; empty text gives nothing")
    func fallbacks() {
        let words = String(repeating: "word ", count: 400)
        let chunks = TextChunker(size: 100, overlap: 20).chunks(of: words)
        #expect(chunks.allSatisfy { !$0.text.hasPrefix("ord") && $0.text.count <= 100 })
        #expect(TextChunker().chunks(of: "").isEmpty)
        #expect(TextChunker().chunks(of: "  \n ").isEmpty)
        #expect(TextChunker().chunks(of: "One short line.").map(\.text) == ["One short line."])
    }
}
