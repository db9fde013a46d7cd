import Foundation
import FolioTesting
import Testing

/// Which folder a book goes to: `folio generate` against a loopback OpenAI-style server.
@Suite("Book folders")
struct BookFolderTests {
    static func environment(_ server: LoopbackServer) -> [String: String] {
        ProviderCommandTests.environment(server, ["LOG_LEVEL": "warning", "RAG_MODE": "disabled"])
    }

    static func generate(_ title: String, books: String, extra: [String] = []) -> [String] {
        ["generate", "--provider", "openai", "--title", title, "--instructions", "A calm story.",
         "--chapters", "2", "--words-per-chapter", "40", "--books-dir", books] + extra
    }

    static func manifest(_ folder: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/book.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func nonLatinTitlesGetFoldersOfTheirOwn() async throws {
        try await withTemporaryDirectory { directory in
            try await withLoopbackServer(ProviderCommandTests.answer) { server in
                let books = directory.appending("books")
                for (title, slug) in [("海的女儿", "hai-de-nu-er"), ("小王子", "xiao-wang-zi")] {
                    let result = try await FolioBinary.run(Self.generate(title, books: books), in: directory,
                                                           environment: Self.environment(server), timeout: 120)
                    #expect(result.code == 0, "\(title): \(result.stderr)")
                    #expect(!result.stderr.contains("already complete"), "\(title): \(result.stderr)")
                    #expect(result.stdout.contains(ProviderCommandTests.streamed.joined()))
                    let book = try Self.manifest("\(books)/\(slug)")
                    #expect(book["title"] as? String == title)
                    let chapters = try #require(book["chapters"] as? [[String: Any]])
                    #expect(chapters.map { $0["status"] as? String } == ["complete", "complete"])
                }
                #expect(try FileManager.default.contentsOfDirectory(atPath: books).sorted()
                    == ["hai-de-nu-er", "xiao-wang-zi"])
            }
        }
    }

    @Test func anotherTitleInTheSameFolderIsRefusedAndSlugPicksAnother() async throws {
        try await withTemporaryDirectory { directory in
            try await withLoopbackServer(ProviderCommandTests.answer) { server in
                let books = directory.appending("books")
                let first = try await FolioBinary.run(Self.generate("The Keeper", books: books), in: directory,
                                                      environment: Self.environment(server), timeout: 120)
                #expect(first.code == 0, "stderr: \(first.stderr)")
                let saved = try Data(contentsOf: URL(fileURLWithPath: books + "/the-keeper/book.json"))
                let requests = server.requests.count

                // Same slug, another title: neither resumed nor reported complete.
                let clash = try await FolioBinary.run(Self.generate("The keeper!", books: books), in: directory,
                                                      environment: Self.environment(server), timeout: 120)
                #expect(clash.code == 2, "stderr: \(clash.stderr)")
                #expect(clash.stderr.split(separator: "\n").count == 1, "stderr: \(clash.stderr)")
                #expect(clash.stderr.contains("'The Keeper'") && clash.stderr.contains("'The keeper!'"))
                #expect(clash.stderr.contains("--slug NAME"))
                #expect(clash.stdout.isEmpty)
                #expect(server.requests.count == requests, "a refused run called the model")
                #expect(try Data(contentsOf: URL(fileURLWithPath: books + "/the-keeper/book.json")) == saved)

                let chosen = try await FolioBinary.run(
                    Self.generate("The keeper!", books: books, extra: ["--slug", "keeper-two"]), in: directory,
                    environment: Self.environment(server), timeout: 120)
                #expect(chosen.code == 0, "stderr: \(chosen.stderr)")
                #expect(try Self.manifest(books + "/keeper-two")["title"] as? String == "The keeper!")
                #expect(try Data(contentsOf: URL(fileURLWithPath: books + "/the-keeper/book.json")) == saved)
            }
        }
    }

    @Test(arguments: ["../escape", ".hidden", "a/b", ""])
    func unsafeSlugIsRefused(slug: String) async throws {
        try await withTemporaryDirectory { directory in
            let books = directory.appending("books")
            let result = try await FolioBinary.run(
                Self.generate("Any", books: books, extra: ["--slug", slug]), in: directory, timeout: 60)
            #expect(result.code == 2, "stderr: \(result.stderr)")
            #expect(result.stderr.contains("--slug"))
            #expect(!FileManager.default.fileExists(atPath: books))
        }
    }
}
