import Testing
@testable import FolioSafety

@Suite struct SentenceSplitterTests {
    @Test("splits at sentence ends but not after abbreviations, initials or decimals")
    func abbreviations() {
        let text = "Dr. Smith paid $3.50 for it. J. R. R. Tolkien wrote it in 1937! Did he? Yes, e.g. in Oxford."
        #expect(SentenceSplitter.sentences(in: text).map(\.text) == [
            "Dr. Smith paid $3.50 for it.", "J. R. R. Tolkien wrote it in 1937!", "Did he?", "Yes, e.g. in Oxford.",
        ])
    }

    @Test("keeps the lines a sentence spans; headings, list items and code are units of their own")
    func markdown() {
        let text = """
            # Folio

            Folio writes books
            with language models. It runs offline.

            - Streams chapters.
            - Resumes after Ctrl-C.

            ```sh
            folio generate --title X
            ```
            """
        let sentences = SentenceSplitter.sentences(in: text)
        #expect(sentences.map(\.text) == [
            "Folio", "Folio writes books with language models.", "It runs offline.", "Streams chapters.",
            "Resumes after Ctrl-C.", "folio generate --title X",
        ])
        #expect(sentences[0].kind == .heading)
        #expect(sentences[1].firstLine == 3 && sentences[1].lastLine == 4)
        #expect(sentences[2].firstLine == 4)
        #expect(sentences[4].firstLine == 7)
        #expect(sentences[5].kind == .code && sentences[5].firstLine == 10)
    }

    @Test("windows join consecutive sentences and keep their line range")
    func windows() {
        let sentences = SentenceSplitter.sentences(in: "One fact here.\nTwo facts there.\nThree facts everywhere.")
        let passages = SourcePassage.passages(file: "a.md", sentences: sentences, window: 2)
        #expect(passages.count == 5)
        #expect(passages[3].text == "One fact here. Two facts there.")
        #expect(passages[4].firstLine == 2 && passages[4].lastLine == 3 && passages[4].sentenceCount == 2)
    }
}
