import Testing
@testable import FolioSafety

@Suite struct TextFactsTests {
    @Test("numbers are normalised, names and negation found, stop words dropped")
    func facts() {
        let facts = TextFacts("The Eiffel Tower, finished in 1,889.0 AD, is not 330 metres tall and has two lifts.")
        #expect(facts.numbers == ["1889", "330", "2"])
        #expect(facts.names.contains("eiffel") && facts.names.contains("tower"))
        #expect(facts.isNegated)
        #expect(!facts.stems.contains("the"))
        #expect(TextFacts.stem("released") == TextFacts.stem("releases"))
    }

    @Test("a conflicting number in a highly similar passage is a conflict; in a distant one it is not")
    func conflicts() {
        let passage = SourcePassage(file: "a", firstLine: 1, lastLine: 1, text: "Folio 2.0 was released in 2021.",
                                    firstSentence: 0, sentenceCount: 1)
        let close = Evidence(passage: passage, cosine: 0.9, bm25: 1, fused: 1)
        let far = Evidence(passage: passage, cosine: 0.4, bm25: 1, fused: 1)
        #expect(ClaimFeatures(claim: "Folio 2.0 was released in 2019.", evidence: [close]).conflict?.detail == "number 2019 vs 2021")
        #expect(ClaimFeatures(claim: "Folio 2.0 was released in 2019.", evidence: [far]).conflict == nil)
        #expect(ClaimFeatures(claim: "Folio 2.0 was released in 2021.", evidence: [close]).conflict == nil)
    }
}
