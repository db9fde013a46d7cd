import FolioTesting
import FolioTokenizers
import Foundation
import Testing

@Suite("WordPieceTokenizer")
struct WordPieceTokenizerTests {
    let tokenizer: WordPieceTokenizer

    init() throws {
        tokenizer = try WordPieceTokenizer(vocabularyFile: MiniLMReference.modelDirectory + "/vocab.txt")
    }

    @Test("ids match the Hugging Face tokenizer on every reference text")
    func matchesReference() throws {
        let reference = try MiniLMReference.load()
        #expect(reference.texts.count >= 30)
        for entry in reference.texts {
            #expect(tokenizer.encode(entry.text, maxLength: 256) == entry.ids, "\(entry.text)")
        }
    }

    @Test("pieces, accents, punctuation and CJK")
    func pieces() {
        #expect(tokenizer.tokenize("Café, déjà-vu!") == ["cafe", ",", "de", "##ja", "-", "vu", "!"])
        #expect(tokenizer.tokenize("中文ok") == ["中", "文", "ok"])
        #expect(tokenizer.tokenize("  \t\n ") == [])
        #expect(tokenizer.tokenize(String(repeating: "a", count: 101)) == ["[UNK]"])
        #expect(tokenizer.count("The key is hidden.") == 5)
    }

    @Test("encode adds [CLS] and [SEP] and respects maxLength")
    func encodeLimits() {
        let ids = tokenizer.encode("one two three four five", maxLength: 4)
        #expect(ids.count == 4)
        #expect(ids.first == tokenizer.classifierID)
        #expect(ids.last == tokenizer.separatorID)
        #expect(tokenizer.encode("") == [tokenizer.classifierID, tokenizer.separatorID])
    }

    @Test("a missing vocabulary is bad input")
    func missingVocabulary() {
        #expect(throws: (any Error).self) { try WordPieceTokenizer(vocabularyFile: "/nonexistent/vocab.txt") }
    }
}
