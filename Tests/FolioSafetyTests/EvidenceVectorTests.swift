import FolioRetrieval
import FolioTesting
import Foundation
import Synchronization
import Testing
@testable import FolioSafety

/// Which passages get embedded, and the vectors kept on disk between checks of the same sources.
@Suite(.serialized) struct EvidenceVectorTests {
    /// The real MiniLM model, counting the texts it embeds.
    final class CountingEmbedder: Embedder {
        let inner: MiniLMEmbedder
        let count = Mutex(0)
        init(inner: MiniLMEmbedder) { self.inner = inner }
        var modelID: String { inner.modelID }
        var dimension: Int { inner.dimension }
        func embed(_ texts: [String]) async throws -> [[Float]] {
            count.withLock { $0 += texts.count }
            return try await inner.embed(texts)
        }
        var embedded: Int { count.withLock { $0 } }
    }

    static var modelAvailable: Bool {
        FileManager.default.fileExists(atPath: MiniLMReference.modelDirectory + "/model.safetensors")
    }

    /// A folder of sources where one paragraph is about the claim and the rest is not.
    static let documents: [SourceDocument] = {
        var filler: [String] = []
        for number in 1...40 {
            filler.append("Harbour record \(number) lists a trawler unloading mackerel on a grey morning.")
        }
        return [
            SourceDocument(name: "observatory.md", text: """
                The observatory was founded in 1888 by the astronomer Clara Voss.
                Its main telescope is a refractor with a lens of 60 centimetres.
                """),
            SourceDocument(name: "harbour.md", text: filler.joined(separator: "\n")),
        ]
    }()

    @Test func claimsCheckedAgainstNoPassagesAreNotEmbedded() async throws {
        guard Self.modelAvailable else { print("skipped: no MiniLM model in models/"); return }
        let embedder = CountingEmbedder(inner: try MiniLMEmbedder(directory: MiniLMReference.modelDirectory))
        let chain = try SafetyChain(embedder: embedder)
        let text = "The observatory was founded in 1888 by Clara Voss. Its telescope has a lens of 60 centimetres."
        let report = try await chain.check(text: text, sources: [])
        #expect(report.claims.count == 2)
        #expect(report.claims.allSatisfy { $0.label == .unsupported && $0.evidence.isEmpty })
        #expect(embedder.embedded == 0)
        _ = try await chain.check(text: text, sources: Self.documents)
        #expect(embedder.embedded > 0, "against passages, the claims are embedded")
    }

    @Test("only the passages the claim's BM25 rankings bring up are embedded, and the evidence is found")
    func candidatesOnly() async throws {
        guard Self.modelAvailable else { print("skipped: no MiniLM model in models/"); return }
        let embedder = CountingEmbedder(inner: try MiniLMEmbedder(directory: MiniLMReference.modelDirectory))
        var options = EvidenceIndex.Options()
        options.prefilter = 5
        options.candidates = 5
        let index = try await EvidenceIndex.build(documents: Self.documents, embedder: embedder, options: options)
        #expect(embedder.embedded == 0)
        let claim = "Clara Voss founded the observatory in 1888."
        let evidence = try await index.search(claim, vector: try await embedder.inner.embed(claim), limit: 3)
        #expect(evidence.first?.passage.file == "observatory.md")
        #expect(evidence.first?.cosine ?? 0 > 0.5)
        let sentences = index.passages.filter { $0.sentenceCount == 1 }.count
        #expect(embedder.embedded > 0 && embedder.embedded < sentences / 2)
        // Up front, every sentence is embedded (windows are pooled from them).
        var upFront = options
        upFront.embedsCandidatesOnly = false
        let all = CountingEmbedder(inner: embedder.inner)
        let full = try await EvidenceIndex.build(documents: Self.documents, embedder: all, options: upFront)
        #expect(all.embedded == sentences)
        #expect(full.embeddedCount == full.passages.count)
    }

    @Test("a second index of the same sources reads the kept vectors and embeds nothing; a damaged file is rebuilt")
    func keptOnDisk() async throws {
        guard Self.modelAvailable else { print("skipped: no MiniLM model in models/"); return }
        try await withTemporaryDirectory("folio-vectors") { directory in
            let cache = URL(fileURLWithPath: directory.path)
            let model = try MiniLMEmbedder(directory: MiniLMReference.modelDirectory)
            let claim = "The telescope has a 60 centimetre lens."
            let vector = try await model.embed(claim)

            let first = CountingEmbedder(inner: model)
            let index = try await EvidenceIndex.build(documents: Self.documents, embedder: first, cacheDirectory: cache)
            let expected = try await index.search(claim, vector: vector, limit: 3)
            #expect(first.embedded > 0)
            let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".vectors") }
            #expect(files.count == 1)

            let second = CountingEmbedder(inner: model)
            let again = try await EvidenceIndex.build(documents: Self.documents, embedder: second, cacheDirectory: cache)
            #expect(try await again.search(claim, vector: vector, limit: 3) == expected)
            #expect(second.embedded == 0)

            // Other sources get their own file.
            let other = CountingEmbedder(inner: model)
            _ = try await EvidenceIndex.build(documents: [Self.documents[0]], embedder: other, cacheDirectory: cache)
                .search(claim, vector: vector, limit: 3)
            #expect(other.embedded > 0)

            // A damaged file: ignored, embedded again, written whole again.
            let path = directory.appending(files[0])
            let size = try #require(FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
            try Data("FOLIOEV1 damaged".utf8).write(to: URL(fileURLWithPath: path))
            let third = CountingEmbedder(inner: model)
            let rebuilt = try await EvidenceIndex.build(documents: Self.documents, embedder: third, cacheDirectory: cache)
            #expect(try await rebuilt.search(claim, vector: vector, limit: 3) == expected)
            #expect(third.embedded > 0)
            #expect(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int == size)
        }
    }
}

/// Negation scoped to the words it governs, and names in reversed roles.
@Suite struct NegationScopeTests {
    static func evidence(_ text: String, cosine: Double) -> [Evidence] {
        [Evidence(passage: SourcePassage(file: "README.md", firstLine: 1, lastLine: 1, text: text, firstSentence: 0, sentenceCount: 1),
                  cosine: cosine, bm25: 5, fused: 1)]
    }

    @Test("a cue negates the few content words after it, up to the end of its clause")
    func scope() {
        let scope = NegationScope("chartkit has neither a podcast studio nor a radio, but it has charts")
        #expect(scope.negated == ["podcast", "studio", "radio"])
        #expect(NegationScope("chartkit has a podcast studio").negated.isEmpty)
        #expect(NegationScope("It doesn't support Windows.").negated == ["support", "window"])
    }

    @Test("a claim its evidence negates, and one with the roles reversed, score as mismatches; the plain one does not")
    func negatedEvidence() throws {
        let mismatch = ClaimFeatures.names.firstIndex(of: "negation_scope_mismatch")!
        let reversal = ClaimFeatures.names.firstIndex(of: "name_order_reversal")!
        let pairs = [
            ("chartkit has a podcast studio.", "chartkit has neither a podcast studio nor a mobile app."),
            ("The library supports Windows.", "The library does not support Windows."),
            ("The parser never handles streaming input.", "The parser handles streaming input."),
        ]
        for (claim, text) in pairs {
            let features = ClaimFeatures(claim: claim, evidence: Self.evidence(text, cosine: 0.9))
            #expect(features.values[mismatch] > 0.3, "\(claim) vs \(text)")
        }
        let plain = ClaimFeatures(claim: "chartkit has a podcast studio.",
                                  evidence: Self.evidence("chartkit has a podcast studio and a mobile app.", cosine: 0.95))
        #expect(plain.values[mismatch] == 0 && plain.values[reversal] == 0)
        let reversed = ClaimFeatures(claim: "Acme acquired Widgetco in 2019.",
                                     evidence: Self.evidence("Widgetco acquired Acme in 2019.", cosine: 0.95))
        #expect(reversed.values[reversal] == 1)
    }
}
