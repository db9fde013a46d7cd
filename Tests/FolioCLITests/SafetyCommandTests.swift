import Foundation
import Testing
import FolioTesting

/// `folio safety check`, run as a user runs it: text on stdin, sources on disk.
@Suite struct SafetyCommandTests {
    static let readme = """
        # Folio

        Folio writes long documents with language models, from the command line.
        Books export to Markdown, EPUB, HTML and DOCX.
        """

    /// Runs the built binary with `input` on stdin.
    static func run(_ arguments: [String], input: String, in directory: TemporaryDirectory,
                    environment: [String: String] = [:]) throws -> (code: Int32, stdout: String, stderr: String) {
        let inputPath = directory.appending("stdin-\(UUID().uuidString.prefix(6)).txt")
        try input.write(toFile: inputPath, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: FolioBinary.path)
        process.arguments = arguments
        var env = FolioBinary.environment(environment)
        env["CACHE_DIR"] = directory.appending("cache")
        env["SAFETY_JUDGE"] = env["SAFETY_JUDGE"] ?? "offline"
        process.environment = env
        process.currentDirectoryURL = directory.url
        process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: inputPath))
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }

    static var modelAvailable: Bool {
        FileManager.default.fileExists(atPath: MiniLMReference.modelDirectory + "/model.safetensors")
    }

    @Test("--json prints the contract: is_safe, confidence, claims with evidence, policy")
    func json() async throws {
        guard Self.modelAvailable else { print("skipped: no MiniLM model in models/"); return }
        try await withTemporaryDirectory { directory in
            try FileManager.default.createDirectory(atPath: directory.appending("repo"), withIntermediateDirectories: true)
            try Self.readme.write(toFile: directory.appending("repo/README.md"), atomically: true, encoding: .utf8)
            let text = "Books export to EPUB and DOCX. Folio ships a built-in podcast studio with voice cloning.\n"
            let result = try Self.run(["safety", "check", "--sources", directory.appending("repo"), "--json"],
                                      input: text, in: directory)
            #expect(result.code == 0, "\(result.stderr)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            #expect(object["is_safe"] is Bool)
            #expect(object["confidence"] is Double)
            #expect((object["policy"] as? [Any])?.isEmpty == true)
            let claims = try #require(object["claims"] as? [[String: Any]])
            #expect(claims.count == 2)
            #expect(claims[0]["supported"] as? Bool == true)
            #expect(claims[1]["supported"] as? Bool == false)
            #expect(claims.allSatisfy { $0["text"] is String && $0["score"] is Double })
            let evidence = try #require((claims[0]["evidence"] as? [[String: Any]])?.first)
            #expect(evidence["file"] as? String == "README.md")
            #expect(evidence["first_line"] as? Int == 4)
        }
    }

    @Test("an email address in the text makes it unsafe; the report does not repeat it")
    func blocksPersonalData() async throws {
        guard Self.modelAvailable else { print("skipped: no MiniLM model in models/"); return }
        try await withTemporaryDirectory { directory in
            try Self.readme.write(toFile: directory.appending("README.md"), atomically: true, encoding: .utf8)
            let result = try Self.run(["safety", "check", "--sources", directory.appending("README.md"), "--json"],
                                      input: "Books export to EPUB. Mail maria.rossi@example.com for a copy.", in: directory)
            #expect(result.code == 0, "\(result.stderr)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            #expect(object["is_safe"] as? Bool == false)
            let policy = try #require(object["policy"] as? [[String: Any]])
            #expect(policy.first?["type"] as? String == "personal-data")
            #expect(!result.stdout.contains("maria.rossi@example.com"))
        }
    }

    @Test("an API key in the text makes it unsafe; neither the report nor the rewritten text repeats it")
    func blocksSecrets() async throws {
        guard Self.modelAvailable else { print("skipped: no MiniLM model in models/"); return }
        try await withTemporaryDirectory { directory in
            try Self.readme.write(toFile: directory.appending("README.md"), atomically: true, encoding: .utf8)
            let key = "ghp_" + String(repeating: "x7Kq2mPz9R", count: 4).prefix(36)
            let text = "Books export to EPUB. Set GITHUB_TOKEN=\(key) before you run it."
            let result = try Self.run(["safety", "check", "--sources", directory.appending("README.md"), "--json"],
                                      input: text, in: directory)
            #expect(result.code == 0, "\(result.stderr)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            #expect(object["is_safe"] as? Bool == false)
            #expect(object["confidence"] as? Double == 0)
            let policy = try #require(object["policy"] as? [[String: Any]])
            #expect(policy.contains { $0["type"] as? String == "secret" })
            #expect(!result.stdout.contains(key))
            let removed = try Self.run(["safety", "check", "--sources", directory.appending("README.md"), "--action", "remove"],
                                       input: text, in: directory)
            #expect(removed.code == 0, "\(removed.stderr)")
            #expect(!removed.stdout.contains(key) && !removed.stderr.contains(key))
        }
    }

    @Test("bad input exits 2 with one line on stderr and nothing on stdout")
    func badInput() async throws {
        try await withTemporaryDirectory { directory in
            let missing = try Self.run(["safety", "check", "--sources", directory.appending("nowhere")],
                                       input: "Some text here to check.", in: directory)
            #expect(missing.code == 2)
            #expect(missing.stdout.isEmpty)
            #expect(missing.stderr.contains("no source file or folder"))
            #expect(missing.stderr.split(separator: "\n").count == 1)
            try "x".write(toFile: directory.appending("a.md"), atomically: true, encoding: .utf8)
            let empty = try Self.run(["safety", "check", "--sources", directory.appending("a.md")], input: "  \n",
                                     in: directory)
            #expect(empty.code == 2 && empty.stdout.isEmpty)
            let judge = try Self.run(["safety", "check", "--sources", directory.appending("a.md"), "--judge", "oracle"],
                                     input: "Text.", in: directory)
            #expect(judge.code == 2 && judge.stdout.isEmpty)
        }
    }
}
