import Foundation
import Testing
import FolioTesting

/// Bad input exits with 2, says why in one line on stderr, and writes nothing.
@Suite struct BadInputTests {
    static let cases: [(name: String, arguments: [String], environment: [String: String], reason: String)] = [
        ("empty title", ["--title", "  ", "--instructions", "x"], [:], "--title must not be empty"),
        ("missing instructions", ["--title", "A Book"], [:], "Missing expected argument '--instructions"),
        ("unknown provider", ["--title", "A Book", "--instructions", "x", "--provider", "local,skynet"], [:],
         "unknown provider 'skynet'"),
        ("chapters out of range", ["--title", "A Book", "--instructions", "x", "--chapters", "0"], [:],
         "--chapters must be from 1 to 200"),
        ("bad setting in environment", ["--title", "A Book", "--instructions", "x"], ["WORDS_PER_CHAPTER": "lots"],
         "WORDS_PER_CHAPTER must be a whole number"),
        ("missing model", ["--title", "A Book", "--instructions", "x"], ["LOCAL_MODEL_PATH": "/nonexistent/model.gguf"],
         "local model not found at /nonexistent/model.gguf: run scripts/setup"),
        ("missing server binary", ["--title", "A Book", "--instructions", "x"], ["LLAMA_SERVER_PATH": "/nonexistent/llama-server"],
         "llama-server not found at /nonexistent/llama-server: run scripts/setup"),
        ("unknown safety mode", ["--title", "A Book", "--instructions", "x", "--safety", "loud"], [:],
         "--safety must be off, report or rewrite"),
        ("missing sources", ["--title", "A Book", "--instructions", "x", "--sources", "/nonexistent/notes"], [:],
         "--sources: "),
        ("sources with safety off", ["--title", "A Book", "--instructions", "x", "--sources", ".", "--safety", "off"], [:],
         "--sources needs --safety report or rewrite"),
        ("hosted tier without key", ["--title", "A Book", "--instructions", "x", "--provider", "openai"],
         ["OPENAI_API_KEY": ""], "no usable provider tier: openai (OPENAI_API_KEY is not set)"),
    ]

    @Test(arguments: cases.indices)
    func generateRejectsBadInput(index: Int) async throws {
        let badCase = Self.cases[index]
        try await withTemporaryDirectory { directory in
            let books = directory.appending("books")
            let result = try await FolioBinary.run(
                ["generate", "--books-dir", books] + badCase.arguments, in: directory,
                environment: badCase.environment, timeout: 60)
            #expect(result.code == 2, "\(badCase.name): exit \(String(describing: result.code))")
            let lines = result.stderr.split(separator: "\n")
            #expect(lines.count == 1, "\(badCase.name): stderr was \(result.stderr)")
            #expect(result.stderr.contains(badCase.reason), "\(badCase.name): stderr was \(result.stderr)")
            #expect(result.stdout.isEmpty)
            #expect(!FileManager.default.fileExists(atPath: books), "\(badCase.name) wrote the books folder")
        }
    }

    @Test func booksDirThatIsAFileIsRejected() async throws {
        try await withTemporaryDirectory { directory in
            let file = directory.appending("not-a-folder")
            try "keep me".write(toFile: file, atomically: true, encoding: .utf8)
            for booksDir in [file, file + "/books"] {
                let result = try await FolioBinary.run(
                    ["generate", "--title", "A Book", "--instructions", "x", "--books-dir", booksDir],
                    in: directory, timeout: 60)
                #expect(result.code == 2)
                #expect(result.stderr.split(separator: "\n").count == 1)
                #expect(result.stderr.contains("books folder"))
            }
            #expect(try String(contentsOfFile: file, encoding: .utf8) == "keep me")
        }
    }

    @Test func helpListsTheCommandsAndExitsZero() async throws {
        try await withTemporaryDirectory { directory in
            let root = try await FolioBinary.run(["--help"], in: directory, timeout: 60)
            #expect(root.code == 0)
            #expect(root.stdout.contains("generate"))
            #expect(root.stdout.contains("stream"))
            let generate = try await FolioBinary.run(["generate", "--help"], in: directory, timeout: 60)
            #expect(generate.code == 0)
            #expect(generate.stdout.contains("--resume"))
            #expect(generate.stdout.contains("--words-per-chapter"))
        }
    }
}
