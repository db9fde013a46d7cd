import Testing
@testable import FolioSafety

@Suite struct ClaimExtractorTests {
    let extractor = ClaimExtractor()

    @Test("questions, opinions, calls to action, headings and pure style are not claims")
    func skips() {
        let text = """
            # Why Folio

            Have you ever wanted to write a book? I think you will love it. Check it out today!
            Folio resumes an interrupted book from its first unfinished chapter. Wow, just wow.
            """
        #expect(extractor.claims(in: text).map(\.text) == [
            "Folio resumes an interrupted book from its first unfinished chapter.",
        ])
    }

    @Test("a sentence of independent clauses becomes one claim per clause, with its line")
    func clauses() {
        let claims = extractor.claims(in: "Intro line here.\nFolio caches responses in Redis; the local model runs on llama.cpp.")
        #expect(claims.map(\.text) == ["Intro line here.", "Folio caches responses in Redis.", "The local model runs on llama.cpp."].filter {
            extractor.isCheckable($0)
        })
        #expect(claims.last?.line == 2)
        #expect(claims.last?.sentence == "Folio caches responses in Redis; the local model runs on llama.cpp.")
    }

    @Test("lists of names joined by 'and' stay one claim")
    func lists() {
        let claims = extractor.claims(in: "Folio talks to OpenAI, Anthropic, and Gemini.")
        #expect(claims.count == 1)
    }
}
