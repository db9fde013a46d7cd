import Foundation
import Testing
import FolioTesting

/// `folio embed`, `folio index` and `folio query`, run as a user runs them.
@Suite struct RetrievalCommandTests {
    static var environment: [String: String] {
        ["EMBEDDING_MODEL_DIR": MiniLMReference.modelDirectory]
    }

    static func writeBook(_ directory: TemporaryDirectory) throws -> String {
        let book = directory.appending("book")
        try FileManager.default.createDirectory(atPath: book + "/chapters", withIntermediateDirectories: true)
        let bodies = [
            "The keeper of the lighthouse had a scar across his cheek. He watched the sea every night.",
            "The baker sold rye bread in the village square and told everyone the news.",
            "Grandmother said the key is hidden under the blue stone by the garden gate.",
        ]
        for (i, body) in bodies.enumerated() {
            try "# Chapter \(i + 1): Part\n\n\(body)\n".write(toFile: book + "/chapters/0\(i + 1)-part.md",
                                                             atomically: true, encoding: .utf8)
        }
        return book
    }

    @Test("index then query --json gives passages best first")
    func indexAndQuery() async throws {
        try await withTemporaryDirectory { directory in
            let book = try Self.writeBook(directory)
            let index = try await FolioBinary.run(["index", "--book", book, "--json"], in: directory,
                                                  environment: Self.environment, timeout: 120)
            #expect(index.code == 0, "\(index.stderr)")
            let report = try JSONSerialization.jsonObject(with: Data(index.stdout.utf8)) as? [String: Any]
            #expect(report?["chapters"] as? Int == 3)
            #expect(report?["chunks_embedded"] as? Int == 3)

            let again = try await FolioBinary.run(["index", "--book", book, "--json"], in: directory,
                                                  environment: Self.environment, timeout: 120)
            let second = try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any]
            #expect(second?["chunks_embedded"] as? Int == 0)

            let query = try await FolioBinary.run(["query", "--book", book, "--top-k", "2", "--json", "where is the key"],
                                                  in: directory, environment: Self.environment, timeout: 120)
            #expect(query.code == 0, "\(query.stderr)")
            let hits = try JSONSerialization.jsonObject(with: Data(query.stdout.utf8)) as? [[String: Any]]
            #expect(hits?.count == 2)
            #expect(hits?.first?["chapter"] as? Int == 3)
            #expect((hits?.first?["text"] as? String)?.contains("blue stone") == true)
            #expect(Set(hits?.first?.keys.map { $0 } ?? []) == ["chapter", "chunk", "score", "text"])
            let scores = hits?.compactMap { $0["score"] as? Double } ?? []
            #expect(scores == scores.sorted(by: >))
        }
    }

    @Test("bad input exits 2 with one line and writes nothing")
    func badInput() async throws {
        try await withTemporaryDirectory { directory in
            let missing = try await FolioBinary.run(["query", "--book", directory.appending("nope"), "x"], in: directory,
                                                    environment: Self.environment, timeout: 60)
            #expect(missing.code == 2 && missing.stderr.split(separator: "\n").count == 1 && missing.stdout.isEmpty)
            let book = try Self.writeBook(directory)
            let badK = try await FolioBinary.run(["query", "--book", book, "--top-k", "0", "x"], in: directory,
                                                 environment: Self.environment, timeout: 60)
            #expect(badK.code == 2)
            #expect(!FileManager.default.fileExists(atPath: book + "/.rag"))
        }
    }

    @Test("embed --jsonl writes one unit vector per line; a bad line writes nothing")
    func embed() async throws {
        let good = try Self.embed("{\"text\": \"hello world\"}\n{\"text\": \"The key is hidden\"}\n")
        #expect(good.code == 0)
        let lines = good.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        let first = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any]
        #expect(first?["text"] as? String == "hello world")
        let vector = (first?["embedding"] as? [Double]) ?? []
        #expect(vector.count == 384)
        #expect(abs(vector.reduce(0) { $0 + $1 * $1 } - 1) < 1e-4)

        let bad = try Self.embed("{\"text\": \"fine\"}\nnot json\n")
        #expect(bad.code == 2)
        #expect(bad.stdout.isEmpty)
        #expect(bad.stderr.contains("line 2"))
    }

    static func embed(_ input: String) throws -> (code: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: FolioBinary.path)
        process.arguments = ["embed", "--jsonl"]
        process.environment = FolioBinary.environment(environment)
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }
}
