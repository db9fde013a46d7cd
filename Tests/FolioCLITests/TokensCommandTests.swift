import Foundation
import FolioTesting
import Testing

/// Runs the built `folio` with `input` on stdin (FolioBinary gives its children /dev/null).
func runFolio(_ arguments: [String], stdin input: Data, environment extra: [String: String] = [:],
              in directory: TemporaryDirectory) throws -> (code: Int32, stdout: String, stderr: String) {
    let inputPath = directory.appending("stdin-\(UUID().uuidString.prefix(8))")
    try input.write(to: URL(fileURLWithPath: inputPath))
    let process = Process()
    process.executableURL = URL(fileURLWithPath: FolioBinary.path)
    process.arguments = arguments
    var environment = FolioBinary.environment(extra)
    environment["CL100K_RANKS_PATH"] = extra["CL100K_RANKS_PATH"]
        ?? FolioBinary.packageRoot.appendingPathComponent("models/cl100k_base.tiktoken").path
    environment["WORDPIECE_VOCAB_PATH"] = FolioBinary.packageRoot.appendingPathComponent("models/all-MiniLM-L6-v2/vocab.txt").path
    process.environment = environment
    process.currentDirectoryURL = directory.url
    process.standardInput = FileHandle(forReadingAtPath: inputPath)
    let stdoutPath = directory.appending("out-\(UUID().uuidString.prefix(8))")
    let stderrPath = directory.appending("err-\(UUID().uuidString.prefix(8))")
    FileManager.default.createFile(atPath: stdoutPath, contents: nil)
    FileManager.default.createFile(atPath: stderrPath, contents: nil)
    process.standardOutput = FileHandle(forWritingAtPath: stdoutPath)
    process.standardError = FileHandle(forWritingAtPath: stderrPath)
    try process.run()
    process.waitUntilExit()
    return (process.terminationStatus,
            (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "",
            (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "")
}

@Suite struct TokensCommandTests {
    struct Case: Decodable {
        let text: String
        let ids: [Int]
    }

    @Test func countsAndPrintsCl100kIds() async throws {
        try await withTemporaryDirectory { directory in
            let count = try runFolio(["tokens"], stdin: Data("hello world".utf8), in: directory)
            #expect(count.code == 0)
            #expect(count.stdout == "2\n")
            #expect(count.stderr.isEmpty)

            let cases = try JSONDecoder().decode([Case].self, from: Data(Fixtures.bytes("cl100k-parity.json")))
            let mixed = try #require(cases.first { $0.text.contains("中文") })
            let ids = try runFolio(["tokens", "--encoding", "cl100k", "--ids"], stdin: Data(mixed.text.utf8), in: directory)
            #expect(ids.code == 0)
            #expect(try JSONDecoder().decode([Int].self, from: Data(ids.stdout.utf8)) == mixed.ids)
            #expect(ids.stdout.hasSuffix("]\n"))

            let special = try runFolio(["tokens", "--ids"], stdin: Data("<|endoftext|>".utf8), in: directory)
            #expect(!(try JSONDecoder().decode([Int].self, from: Data(special.stdout.utf8))).contains(100_257))
        }
    }

    @Test func wordPieceCountsPiecesWithoutSpecialTokens() async throws {
        try await withTemporaryDirectory { directory in
            let ids = try runFolio(["tokens", "--encoding", "wordpiece", "--ids"], stdin: Data("Hello, world!".utf8), in: directory)
            #expect(ids.code == 0)
            let parsed = try JSONDecoder().decode([Int].self, from: Data(ids.stdout.utf8))
            // bert-base-uncased vocabulary: hello , world !
            #expect(parsed == [7592, 1010, 2088, 999])
            let count = try runFolio(["tokens", "--encoding", "wordpiece"], stdin: Data("Hello, world!".utf8), in: directory)
            #expect(count.stdout == "4\n")
        }
    }

    @Test func badInputExitsWithTwoAndOneLine() async throws {
        try await withTemporaryDirectory { directory in
            let invalid = try runFolio(["tokens"], stdin: Data([0x68, 0xFF, 0xFE]), in: directory)
            #expect(invalid.code == 2)
            #expect(invalid.stdout.isEmpty)
            #expect(invalid.stderr == "folio: stdin is not valid UTF-8 text\n")

            let encoding = try runFolio(["tokens", "--encoding", "gpt2"], stdin: Data("x".utf8), in: directory)
            #expect(encoding.code == 2)
            #expect(encoding.stdout.isEmpty)
            #expect(encoding.stderr.split(separator: "\n").count == 1)

            let missing = try runFolio(["tokens"], stdin: Data("x".utf8),
                                       environment: ["CL100K_RANKS_PATH": "/nonexistent/cl100k.tiktoken"], in: directory)
            #expect(missing.code == 2)
            #expect(missing.stdout.isEmpty)
            #expect(missing.stderr.contains("cannot read the tokenizer file /nonexistent/cl100k.tiktoken"))
        }
    }

    @Test func emptyInputHasNoTokens() async throws {
        try await withTemporaryDirectory { directory in
            let empty = try runFolio(["tokens", "--ids"], stdin: Data(), in: directory)
            #expect(empty.code == 0)
            #expect(empty.stdout == "[]\n")
        }
    }
}
