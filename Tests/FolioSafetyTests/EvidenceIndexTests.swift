import FolioRetrieval
import FolioTesting
import Foundation
import Testing
@testable import FolioSafety

/// Evidence search with the real MiniLM model: coverage, pooled windows, combined indexes.
@Suite struct EvidenceIndexTests {
    static var modelAvailable: Bool {
        FileManager.default.fileExists(atPath: MiniLMReference.modelDirectory + "/model.safetensors")
    }

    static let document = SourceDocument(name: "history.md", text: """
        The observatory was founded in 1888 by the astronomer Clara Voss.
        Its main telescope is a refractor with a lens of 60 centimetres.
        The café on the ground floor opens at nine.
        Visitors park behind the library.
        In 1932 the dome was rebuilt in copper after a fire.
        The garden holds a sundial from Lisbon.
        """)

    @Test("a window's stems, taken from its sentences, are the ones its own text gives; a window without its sentences is read")
    func windowStems() {
        let passages = Self.document.passages(window: 3)
        #expect(passages.contains { $0.sentenceCount > 1 })
        #expect(EvidenceIndex.stems(of: passages) == passages.map { TextFacts($0.text).stems })
        let windowsOnly = passages.filter { $0.sentenceCount > 1 }
        #expect(EvidenceIndex.stems(of: windowsOnly) == windowsOnly.map { TextFacts($0.text).stems })
    }

    @Test("a claim spread over two distant sentences gets both among its five passages")
    func coverage() async throws {
        guard Self.modelAvailable else { print("skipped: no MiniLM model in models/"); return }
        let embedder = try MiniLMEmbedder(directory: MiniLMReference.modelDirectory)
        let index = try await EvidenceIndex.build(documents: [Self.document], embedder: embedder)
        let claim = "Founded in 1888 by Clara Voss, the observatory had its dome rebuilt in copper in 1932."
        let evidence = try await index.search(claim, vector: try await embedder.embed(claim), limit: 5)
        let sentences = Set(evidence.flatMap { $0.passage.firstSentence..<($0.passage.firstSentence + $0.passage.sentenceCount) })
        #expect(sentences.isSuperset(of: [0, 4]))
        // No passage repeats only sentences already picked.
        var seen = Set<Int>()
        for item in evidence {
            let own = Set(item.passage.firstSentence..<(item.passage.firstSentence + item.passage.sentenceCount))
            #expect(!own.isSubset(of: seen))
            seen.formUnion(own)
        }
        #expect(index.idf("copper") > index.idf("observatory") || index.contains("copper"))
        #expect(!index.contains("submarine"))
    }

    @Test("overlapping windows do not fill the five places with one sentence")
    func overlap() async throws {
        guard Self.modelAvailable else { print("skipped: no MiniLM model in models/"); return }
        let embedder = try MiniLMEmbedder(directory: MiniLMReference.modelDirectory)
        let index = try await EvidenceIndex.build(documents: [Self.document], embedder: embedder)
        #expect(index.passages.contains { $0.sentenceCount == EvidenceIndex.Options().window })
        let claim = "The observatory was founded in 1888 by the astronomer Clara Voss."
        let evidence = try await index.search(claim, vector: try await embedder.embed(claim), limit: 5)
        #expect(evidence.first?.passage.text.contains("Clara Voss") == true)
        var uses: [Int: Int] = [:]
        for item in evidence {
            for sentence in item.passage.firstSentence..<(item.passage.firstSentence + item.passage.sentenceCount) {
                uses[sentence, default: 0] += 1
            }
        }
        #expect(uses.values.allSatisfy { $0 <= 2 }, "\(evidence.map(\.passage.text))")
        // Without the penalty the same search repeats the best sentence in more windows.
        var options = EvidenceIndex.Options()
        options.overlapPenalty = 0
        let plain = try await index.retuned(options).search(claim, vector: try await embedder.embed(claim), limit: 5)
        #expect(plain.filter { $0.passage.firstSentence == 0 }.count > evidence.filter { $0.passage.firstSentence == 0 }.count)
    }

    @Test("a window's pooled vector is close to the window embedded whole")
    func pooledWindows() async throws {
        guard Self.modelAvailable else { print("skipped: no MiniLM model in models/"); return }
        let embedder = try MiniLMEmbedder(directory: MiniLMReference.modelDirectory)
        let pooled = try await EvidenceIndex.build(documents: [Self.document], embedder: embedder)
        var options = EvidenceIndex.Options()
        options.poolsWindows = false
        let direct = try await EvidenceIndex.build(documents: [Self.document], embedder: embedder, options: options)
        let window = try #require(pooled.passages.firstIndex { $0.sentenceCount == 2 })
        let text = pooled.passages[window].text
        let vector = try await embedder.embed(text)
        let fromPooled = try await pooled.search(text, vector: vector, limit: 40).first { $0.passage == pooled.passages[window] }
        let fromDirect = try await direct.search(text, vector: vector, limit: 40).first { $0.passage == direct.passages[window] }
        #expect(try #require(fromDirect).cosine > 0.999)
        #expect(try #require(fromPooled).cosine > 0.9)
    }

    @Test("a combined index holds every part's passages and finds in each without embedding again")
    func combined() async throws {
        guard Self.modelAvailable else { print("skipped: no MiniLM model in models/"); return }
        let embedder = try MiniLMEmbedder(directory: MiniLMReference.modelDirectory)
        let first = try await EvidenceIndex.build(documents: [Self.document], embedder: embedder)
        let second = try await EvidenceIndex.build(
            documents: [SourceDocument(name: "chapter-2.md", text: "The keeper's cat is called Orion. It sleeps on the lamp room stairs.")],
            embedder: embedder)
        let both = EvidenceIndex.combined([first, second])
        #expect(both.passages == first.passages + second.passages)
        let claim = "The cat is named Orion."
        let best = try #require(try await both.search(claim, vector: try await embedder.embed(claim), limit: 1).first)
        #expect(best.passage.file == "chapter-2.md")
        #expect(best.cosine > 0.5)
    }
}
