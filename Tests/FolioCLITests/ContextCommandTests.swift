import FolioBooks
import FolioTesting
import Foundation
import Testing

@Suite struct ContextCommandTests {
    struct Report: Decodable {
        struct Section: Decodable {
            let priority: String
            let kind: String
            let chapter: Int?
            let tokens: Int
            let text: String
        }
        let budget: Int
        let total_tokens: Int
        let sections: [Section]
    }

    /// A six-chapter book with five chapters written, saved as `generate` saves it.
    static func makeBook(in directory: TemporaryDirectory) throws -> String {
        let outline = (1...6).map { OutlineEntry(number: $0, title: "Part \($0)", summary: "Things happen in part \($0).") }
        var book = Book(title: "Tide Tables", slug: "tide-tables", instructions: "A quiet novel about a harbour.",
                        language: "English", wordsPerChapter: 800, summary: "A harbour master keeps a secret.",
                        outline: outline, createdAt: "2026-01-01T00:00:00Z")
        let store = BookStore(directory: directory.appending("books"))
        let sentences = ["The tide came in slowly.", "Mara counted the boats again!", "Who had moved the lantern?",
                         "Nobody answered her.", "Gulls argued over the nets, loud and certain."]
        for number in 1...5 {
            let body = (0..<240).map { sentences[($0 * 7 + number) % sentences.count] }
                .chunked(8).map { $0.joined(separator: " ") }.joined(separator: "\n\n")
            try store.writeChapter("# Chapter \(number): Part \(number)\n\n\(body)\n", file: book.chapters[number - 1].file,
                                   slug: book.slug)
            book.chapters[number - 1].status = .complete
        }
        try store.save(book)
        return directory.appending("books/tide-tables")
    }

    static func files(under path: String) -> [String] {
        (FileManager.default.enumerator(atPath: path)?.allObjects as? [String] ?? []).sorted()
    }

    @Test func jsonShowsEverySectionWithinTheBudget() async throws {
        try await withTemporaryDirectory { directory in
            let book = try Self.makeBook(in: directory)
            let before = Self.files(under: book)
            let result = try runFolio(["context", "--book", book, "--chapter", "6", "--json"], stdin: Data(), in: directory)
            #expect(result.code == 0, "stderr: \(result.stderr)")
            let report = try JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8))
            #expect(report.budget > 2000 && report.budget < 4096 - 1184)
            #expect(report.total_tokens <= report.budget)
            #expect(report.total_tokens == report.sections.reduce(0) { $0 + $1.tokens })
            #expect(report.sections.filter { $0.priority == "essential" }.map(\.kind)
                == ["title", "summary", "instructions", "outline"])
            #expect(report.sections.contains { $0.priority == "high" && $0.kind == "chapter" && $0.chapter == 5 })
            #expect(report.sections.contains { $0.kind == "chapter-summary" && $0.priority == "medium" })
            #expect(Self.files(under: book) == before, "folio context wrote into the book")
        }
    }

    @Test func maxTokensBoundsTheContextAndTheTableShowsTheTotal() async throws {
        try await withTemporaryDirectory { directory in
            let book = try Self.makeBook(in: directory)
            let json = try runFolio(["context", "--book", book, "--chapter", "6", "--max-tokens", "300", "--json"],
                                    stdin: Data(), in: directory)
            let report = try JSONDecoder().decode(Report.self, from: Data(json.stdout.utf8))
            #expect(report.budget == 300)
            #expect(report.total_tokens <= 300)
            #expect(report.total_tokens > 0)

            let table = try runFolio(["context", "--book", book, "--chapter", "3", "--query", "the lantern"],
                                     stdin: Data(), in: directory)
            #expect(table.code == 0)
            #expect(table.stdout.contains("PRIORITY"))
            #expect(table.stdout.contains("essential"))
            #expect(table.stdout.contains("sliding window: 1, 2") || table.stdout.contains("sliding window: 2"))
            #expect(table.stdout.contains(" of "))
            #expect(table.stderr.contains("not indexed"))
        }
    }

    @Test func badInputExitsWithTwo() async throws {
        try await withTemporaryDirectory { directory in
            let book = try Self.makeBook(in: directory)
            for arguments in [["--book", book, "--chapter", "7"], ["--book", book, "--chapter", "0"],
                              ["--book", directory.appending("nowhere"), "--chapter", "1"],
                              ["--book", book, "--chapter", "2", "--max-tokens", "0"]] {
                let result = try runFolio(["context"] + arguments, stdin: Data(), in: directory)
                #expect(result.code == 2, "\(arguments)")
                #expect(result.stdout.isEmpty)
                #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
            }
        }
    }
}

extension Array {
    func chunked(_ size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}

/// `folio context` over a book indexed by `folio index`, and `folio tokens --encoding local`
/// against the real local model.
@Suite struct ContextWithRealComponentsTests {
    @Test func anIndexedBookGivesRetrievedPassagesForTheQuery() async throws {
        try await withTemporaryDirectory { directory in
            let book = try ContextCommandTests.makeBook(in: directory)
            let environment = ["EMBEDDING_MODEL_DIR": MiniLMReference.modelDirectory]
            let index = try await FolioBinary.run(["index", "--book", book], in: directory, environment: environment,
                                                  timeout: 300)
            #expect(index.code == 0, "\(index.stderr)")
            let result = try runFolio(["context", "--book", book, "--chapter", "6", "--query", "who moved the lantern",
                                       "--json"], stdin: Data(), environment: environment, in: directory)
            #expect(result.code == 0, "\(result.stderr)")
            let report = try JSONDecoder().decode(ContextCommandTests.Report.self, from: Data(result.stdout.utf8))
            let retrieved = report.sections.filter { $0.kind == "retrieved" }
            #expect(!retrieved.isEmpty)
            #expect(retrieved.allSatisfy { $0.priority == "retrieved" && ($0.chapter ?? 99) < 5 })
            #expect(report.total_tokens <= report.budget)
            // Nothing is summarised by `folio context`: the outline's summaries stand in, and it says so.
            #expect(result.stderr.contains("not summarised yet"))
        }
    }

    @Test func localEncodingAsksTheLocalModelsOwnTokenizer() async throws {
        try await withTemporaryDirectory { directory in
            let result = try runFolio(["tokens", "--encoding", "local", "--ids"], stdin: Data("hello world".utf8),
                                      in: directory)
            #expect(result.code == 0, "\(result.stderr)")
            // SmolLM2's vocabulary: "hello" 28120, " world" 905 (cl100k would give 15339, 1917).
            #expect(result.stdout == "[28120,905]\n")
            let count = try runFolio(["tokens", "--encoding", "local"], stdin: Data("hello world".utf8), in: directory)
            #expect(count.stdout == "2\n")
        }
    }
}
