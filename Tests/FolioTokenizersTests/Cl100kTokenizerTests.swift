import FolioTesting
import FolioTokenizers
import Foundation
import Testing

@Suite struct Cl100kTokenizerTests {
    struct Case: Decodable {
        let text: String
        let ids: [Int]
    }

    static let ranksPath = FolioBinary.packageRoot.appendingPathComponent("models/cl100k_base.tiktoken").path
    static let tokenizer = Result { try Cl100kTokenizer(ranksFile: ranksPath) }

    @Test func loadsEveryRank() throws {
        #expect(try Self.tokenizer.get().vocabularySize == 100_256)
    }

    /// Ids generated once by tiktoken (Benchmarks/python/cl100k_reference.py) over a varied corpus.
    @Test func matchesTiktokenOnTheParityCorpus() throws {
        let tokenizer = try Self.tokenizer.get()
        let cases = try JSONDecoder().decode([Case].self, from: Data(Fixtures.bytes("cl100k-parity.json")))
        #expect(cases.count > 300)
        for testCase in cases {
            #expect(tokenizer.encode(testCase.text) == testCase.ids, "text: \(testCase.text.debugDescription)")
            #expect(tokenizer.count(testCase.text) == testCase.ids.count)
        }
    }

    @Test func knownIds() throws {
        let tokenizer = try Self.tokenizer.get()
        // tiktoken: encode_ordinary("hello world") == [15339, 1917]
        #expect(tokenizer.encode("hello world") == [15339, 1917])
        #expect(tokenizer.encode("") == [])
    }

    @Test func specialTokensAreOrdinaryText() throws {
        let tokenizer = try Self.tokenizer.get()
        let ids = tokenizer.encode("<|endoftext|>")
        #expect(!ids.contains(100_257))
        #expect(ids.count > 1)
    }

    @Test func decodeRoundTrips() throws {
        let tokenizer = try Self.tokenizer.get()
        for text in ["Chapter 17 — the rain 🌧️ fell.", "中文 123 'll", "  \n\t x"] {
            #expect(tokenizer.decode(tokenizer.encode(text)) == text)
        }
        #expect(tokenizer.decode([999_999]) == nil)
    }

    @Test func missingOrMalformedRanksFileIsReported() async throws {
        try await withTemporaryDirectory { directory in
            #expect(throws: TokenizerError.self) { try Cl100kTokenizer(ranksFile: directory.appending("none.tiktoken")) }
            let bad = directory.appending("bad.tiktoken")
            try "IQ== 0\nnot base64! 1\n".write(toFile: bad, atomically: true, encoding: .utf8)
            #expect(throws: TokenizerError.malformed(bad, line: 2)) { try Cl100kTokenizer(ranksFile: bad) }
        }
    }
}
