import FolioCore
import FolioTesting
import FolioTokenizers
import Foundation
import Testing

@Suite struct GGUFTokenizerTests {
    struct Case: Decodable {
        let text: String
        let ids: [Int]
    }

    static let modelPath = FolioBinary.packageRoot.appendingPathComponent(Settings.LocalModel.bundledModelPath).path
    static let tokenizer = Result { try GGUFTokenizer(ggufFile: modelPath) }

    @Test func readsTheVocabularyFromTheModelFile() throws {
        #expect(try Self.tokenizer.get().vocabularySize == 49_152)
    }

    /// Ids recorded from the model's own llama-server `/tokenize`
    /// (Benchmarks/python/smollm2_reference.py) over the cl100k corpus, chat markers and digits.
    @Test func matchesTheModelServersTokenize() throws {
        let tokenizer = try Self.tokenizer.get()
        let cases = try JSONDecoder().decode([Case].self, from: Data(Fixtures.bytes("smollm2-parity.json")))
        #expect(cases.count > 300)
        var mismatches = 0
        for testCase in cases where tokenizer.encode(testCase.text) != testCase.ids {
            mismatches += 1
            Issue.record("text: \(testCase.text.debugDescription): \(tokenizer.encode(testCase.text)) != \(testCase.ids)")
            if mismatches > 5 { break }
        }
    }

    @Test func chatMarkersAndDigits() throws {
        let tokenizer = try Self.tokenizer.get()
        #expect(tokenizer.encode("hello world") == [28120, 905])
        #expect(tokenizer.encode("<|im_start|>") == [1])
        #expect(tokenizer.count("12345") == 5)
    }

    @Test func rejectsFilesThatAreNotGGUF() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.appending("model.gguf")
            try Data("not a model".utf8).write(to: URL(fileURLWithPath: path))
            #expect(throws: TokenizerError.corrupt(path)) { try GGUFTokenizer(ggufFile: path) }
            #expect(throws: TokenizerError.unreadable(directory.appending("none.gguf"))) {
                try GGUFTokenizer(ggufFile: directory.appending("none.gguf"))
            }
        }
    }
}
