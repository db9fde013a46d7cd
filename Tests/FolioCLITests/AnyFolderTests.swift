import Foundation
import FolioProviders
import FolioTesting
import Testing

/// `folio` started in an author's own folder: installed files come from the installation,
/// books, cache and logs stay in that folder.
@Suite(.serialized) struct AnyFolderTests {
    /// The environment of a user with no model settings at all.
    static func bareEnvironment(_ extra: [String: String] = [:]) -> [String: String] {
        var environment = FolioBinary.environment(extra)
        for name in ["LLAMA_SERVER_PATH", "LOCAL_MODEL_PATH", "EMBEDDING_MODEL_DIR", "CL100K_RANKS_PATH",
                     "WORDPIECE_VOCAB_PATH", "FOLIO_HOME", "CACHE_DIR", "BOOKS_DIR", "LOGS_DIR"] {
            if extra[name] == nil { environment.removeValue(forKey: name) }
        }
        return environment
    }

    static func run(_ arguments: [String], in folder: TemporaryDirectory, environment: [String: String],
                    timeout: Double) async throws -> (code: Int32?, stdout: String, stderr: String) {
        let (stdout, stderr) = (folder.appending("../\(folder.url.lastPathComponent).out"),
                                folder.appending("../\(folder.url.lastPathComponent).err"))
        defer { [stdout, stderr].forEach { try? FileManager.default.removeItem(atPath: $0) } }
        let process = try ChildProcess(executable: FolioBinary.path, arguments: arguments, environment: environment,
                                       stdoutPath: stdout, stderrPath: stderr, workingDirectory: folder.path)
        let code = await process.wait(timeout: timeout)
        if code == nil { await process.terminate(grace: 1) }
        return (code, (try? String(contentsOfFile: stdout, encoding: .utf8)) ?? "",
                (try? String(contentsOfFile: stderr, encoding: .utf8)) ?? "")
    }

    @Test func generateWritesABookWithTheLocalModelFromAFolderWithoutModels() async throws {
        try await withTemporaryDirectory("folio-writing") { folder in
            let result = try await Self.run(
                ["generate", "--title", "Far From Home", "--instructions", "A short tale of a letter that travels.",
                 "--chapters", "1", "--words-per-chapter", "40"],
                in: folder, environment: Self.bareEnvironment(), timeout: 300)
            #expect(result.code == 0, "stderr: \(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: folder.appending("models")))
            let book = folder.appending("books/far-from-home")
            let chapters = try FileManager.default.contentsOfDirectory(atPath: book + "/chapters")
            #expect(chapters.count == 1)
            let text = try String(contentsOfFile: "\(book)/chapters/\(chapters[0])", encoding: .utf8)
            #expect(result.stdout == text)
            #expect(text.split(whereSeparator: \.isWhitespace).count > 8, "chapter nearly empty: \(text)")
            #expect(FileManager.default.fileExists(atPath: folder.appending(".cache/folio")),
                    "the cache is not in the working folder")
        }
    }

    @Test func folioHomeNamesTheInstallation() async throws {
        try await withTemporaryDirectory("folio-writing") { folder in
            let result = try await Self.run(
                ["stream", "--provider", "local", "Hello"], in: folder,
                environment: Self.bareEnvironment(["FOLIO_HOME": "/nonexistent/folio"]), timeout: 60)
            #expect(result.code == 2, "stderr: \(result.stderr)")
            #expect(result.stderr.contains("/nonexistent/folio/models/bin/llama-server"), "stderr: \(result.stderr)")
        }
    }
}
