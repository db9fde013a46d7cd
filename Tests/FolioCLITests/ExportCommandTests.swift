import FolioBooks
import FolioPublishing
import FolioTesting
import Foundation
import Testing

/// `folio export`, run as a user runs it: every format from a saved book and saved posts,
/// outputs never overwritten without --force, bad input refused with exit 2 and nothing written.
@Suite struct ExportCommandTests {
    /// A finished two-chapter book under `directory/books/the-keeper`.
    static func book(in directory: TemporaryDirectory) throws -> String {
        let store = BookStore(directory: directory.appending("books"))
        var book = Book(title: "The Keeper", slug: "the-keeper", instructions: "x", language: "English", wordsPerChapter: 50,
                        summary: "A keeper and the sea.",
                        outline: [OutlineEntry(number: 1, title: "Fog", summary: "a"), OutlineEntry(number: 2, title: "Light", summary: "b")],
                        createdAt: "2026-12-01T10:00:00Z")
        for index in book.chapters.indices {
            let record = book.chapters[index]
            try store.writeChapter("# Chapter \(record.number): \(record.title)\n\nThe *fog* rolled in & stayed. \"Ring the bell,\" she said.\n",
                                   file: record.file, slug: book.slug)
            book.chapters[index].status = .complete
        }
        try store.save(book)
        return store.folder(for: book.slug).path
    }

    /// Two posts under `directory/posts`.
    static func posts(in directory: TemporaryDirectory) throws -> String {
        let store = PostStore(directory: directory.appending("posts"))
        for slug in ["folio", "ink"] {
            let version = PostVersion(version: 1, text: "Ever exported a book to EPUB, that just validates? ✅\n\nNow you can, in one command.",
                                      hookType: "question", hashtags: ["ebooks", "swift"], quality: 0.8, safetyConfidence: 0.9,
                                      provider: "local", model: "smollm2", commit: "abc123", createdAt: "2026-12-02T09:00:00Z")
            try store.save(Post(repoSlug: slug, repo: "example/\(slug)", versions: [version],
                                createdAt: "2026-12-02T09:00:00Z", updatedAt: "2026-12-02T09:00:00Z"))
        }
        return directory.appending("posts")
    }

    @Test func everyBookFormatIsWrittenAndNeverOverwrittenWithoutForce() async throws {
        try await withTemporaryDirectory { directory in
            let book = try Self.book(in: directory)
            let out = directory.appending("out")
            for format in ["markdown", "epub", "html", "docx"] {
                let path = "\(out)/keeper.\(format)"
                let result = try await FolioBinary.run(["export", "--book", book, "--format", format, "--output", path],
                                                       in: directory, timeout: 120)
                #expect(result.code == 0, "\(format): \(result.stderr)")
                #expect(result.stdout == path + "\n")
                let data = try Data(contentsOf: URL(fileURLWithPath: path))
                if format == "epub" || format == "docx" {
                    #expect(data.prefix(4) == Data([0x50, 0x4B, 0x03, 0x04]), "\(format) is a ZIP container")
                } else {
                    #expect(String(decoding: data, as: UTF8.self).contains("The Keeper"))
                }
                let again = try await FolioBinary.run(["export", "--book", book, "--format", format, "--output", path],
                                                      in: directory, timeout: 120)
                #expect(again.code == 2)
                #expect(again.stderr == "folio: \(path) already exists; pass --force to replace it\n")
                #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == data)
                let forced = try await FolioBinary.run(["export", "--book", book, "--format", format, "--output", path, "--force"],
                                                       in: directory, timeout: 120)
                #expect(forced.code == 0)
            }
            let stdout = try await FolioBinary.run(["export", "--book", book, "--format", "markdown", "--output", "-"],
                                                   in: directory, timeout: 120)
            #expect(stdout.stdout == (try String(contentsOfFile: "\(out)/keeper.markdown", encoding: .utf8)))
        }
    }

    @Test func sourceDateEpochMakesTheSameBytesAndDatesTheMetadata() async throws {
        try await withTemporaryDirectory { directory in
            let book = try Self.book(in: directory)
            var files: [Data] = []
            for name in ["a.epub", "b.epub"] {
                let result = try await FolioBinary.run(
                    ["export", "--book", book, "--format", "epub", "--output", directory.appending(name)], in: directory,
                    environment: ["SOURCE_DATE_EPOCH": "1767225600"], timeout: 120)
                #expect(result.code == 0, "\(result.stderr)")
                files.append(try Data(contentsOf: URL(fileURLWithPath: directory.appending(name))))
            }
            #expect(files[0] == files[1])
            #expect(String(decoding: files[0], as: UTF8.self).contains("application/epub+zip"))
        }
    }

    @Test func everyPostFormatIsWritten() async throws {
        try await withTemporaryDirectory { directory in
            let posts = try Self.posts(in: directory)
            let out = directory.appending("out")
            let cases: [(format: String, extra: [String], output: String, expected: [String])] = [
                ("linkedin", [], "linkedin", ["folio.txt", "ink.txt"]),
                ("markdown", [], "markdown", ["folio.md", "ink.md"]),
                ("csv", ["--excel"], "posts.csv", ["posts.csv"]),
                ("notion", [], "notion", ["folio.md", "ink.md", "posts.csv"]),
                ("buffer", ["--schedule", "2026-12-03 09:00", "--every", "1d"], "buffer.csv", ["buffer.csv"]),
            ]
            for item in cases {
                let path = "\(out)/\(item.output)"
                let result = try await FolioBinary.run(
                    ["export", "--posts", posts, "--format", item.format, "--output", path] + item.extra, in: directory, timeout: 120)
                #expect(result.code == 0, "\(item.format): \(result.stderr)")
                var isFolder: ObjCBool = false
                #expect(FileManager.default.fileExists(atPath: path, isDirectory: &isFolder))
                let names = isFolder.boolValue ? try FileManager.default.contentsOfDirectory(atPath: path).sorted() : [item.output]
                #expect(names == item.expected, "\(item.format)")
            }
            let buffer = try String(contentsOfFile: "\(out)/buffer.csv", encoding: .utf8)
            #expect(buffer.hasPrefix("Text,Image URL,Tags,Posting Time\r\n"))
            #expect(buffer.contains(",,,2026-12-03 09:00\r\n"))
            #expect(buffer.contains(",,,2026-12-04 09:00\r\n"))
            let csv = try Data(contentsOf: URL(fileURLWithPath: "\(out)/posts.csv"))
            #expect(csv.prefix(3) == Data([0xEF, 0xBB, 0xBF]), "--excel adds the byte-order mark")

            let one = try await FolioBinary.run(["export", "--post", posts + "/folio", "--format", "linkedin", "--output", "-"],
                                                in: directory, timeout: 120)
            #expect(one.code == 0)
            #expect(one.stdout.hasPrefix("Ever exported a book to EPUB, that just validates? ✅\n\nNow you can, in one command.\n\n#Ebooks #Swift #Folio\n"))
        }
    }

    /// A book the bundled local model wrote, exported to every format and validated: the path a
    /// user takes, end to end.
    @Test(.enabled(if: PublishingValidators.epubcheckJar != nil, "EPUBCheck not installed: run scripts/setup"))
    func aBookTheLocalModelWroteExportsAndValidates() async throws {
        try await withTemporaryDirectory { directory in
            let books = directory.appending("books")
            let generated = try await FolioBinary.run(
                ["generate", "--title", "The <Glass> Orchard & \"Friends\"", "--instructions", "A fable about a gardener.",
                 "--chapters", "1", "--words-per-chapter", "60", "--books-dir", books, "--rag-mode", "disabled"],
                in: directory, timeout: 900)
            #expect(generated.code == 0, "\(generated.stderr)")
            let book = try #require(try FileManager.default.contentsOfDirectory(atPath: books).first.map { "\(books)/\($0)" })
            for format in ["markdown", "epub", "html", "docx"] {
                let result = try await FolioBinary.run(
                    ["export", "--book", book, "--format", format, "--author", "Folio Tests",
                     "--output", directory.appending("orchard.\(format)")], in: directory, timeout: 120)
                #expect(result.code == 0, "\(format): \(result.stderr)")
            }
            let report = try PublishingValidators.epubcheck(directory.appending("orchard.epub"))
            #expect(report.fatals == 0 && report.errors == 0 && report.warnings == 0, "\(report.output)")
            let chapters = try FileManager.default.contentsOfDirectory(atPath: book + "/chapters").sorted()
            let firstChapter = try String(contentsOfFile: "\(book)/chapters/\(chapters[0])", encoding: .utf8)
            let markdown = try String(contentsOfFile: directory.appending("orchard.markdown"), encoding: .utf8)
            let firstParagraph = firstChapter.components(separatedBy: "\n\n").dropFirst().first ?? ""
            #expect(markdown.contains("## Chapter 1: "))
            #expect(firstParagraph.isEmpty || markdown.contains(String(firstParagraph.prefix(20)).replacingOccurrences(of: "<", with: "&lt;")))
            if let python = PublishingValidators.python {
                let script = "import docx, sys\nd = docx.Document(sys.argv[1])\nprint(sum(p.style.name == 'Heading 1' for p in d.paragraphs), d.core_properties.title)"
                let read = try PublishingValidators.run(python, ["-c", script, directory.appending("orchard.docx")])
                #expect(read.stdout == "1 The <Glass> Orchard & \"Friends\"\n", "\(read.stderr)")
            }
        }
    }

    static let badInput: [(name: String, arguments: [String], environment: [String: String], reason: String)] = [
        ("no source", ["--format", "epub"], [:], "give exactly one of --book, --post or --posts"),
        ("two sources", ["--book", "BOOK", "--posts", "POSTS", "--format", "epub"], [:], "give exactly one of --book, --post or --posts"),
        ("unknown format", ["--book", "BOOK", "--format", "pdf"], [:], "unknown --format 'pdf'"),
        ("post format for a book", ["--book", "BOOK", "--format", "linkedin"], [:], "--format linkedin is for posts"),
        ("book format for posts", ["--posts", "POSTS", "--format", "epub"], [:], "--format epub is for books"),
        ("cover on docx", ["--book", "BOOK", "--format", "docx", "--cover", "x.png"], [:], "--cover applies to epub and html"),
        ("every without schedule", ["--posts", "POSTS", "--format", "buffer", "--every", "1d"], [:], "--every needs --schedule"),
        ("bad schedule", ["--posts", "POSTS", "--format", "buffer", "--schedule", "soon"], [:], "--schedule must be a time like"),
        ("missing book", ["--book", "/nonexistent/book", "--format", "epub"], [:], "no book.json in /nonexistent/book"),
        ("missing post", ["--post", "/nonexistent/post", "--format", "csv"], [:], "no post.json in /nonexistent/post"),
        ("cover that is not an image", ["--book", "BOOK", "--format", "epub", "--cover", "BOOK/book.json"], [:], "not a JPEG, PNG, GIF or WebP image"),
        ("bad SOURCE_DATE_EPOCH", ["--book", "BOOK", "--format", "epub"], ["SOURCE_DATE_EPOCH": "yesterday"], "SOURCE_DATE_EPOCH must be whole seconds"),
    ]

    @Test(arguments: badInput.indices)
    func badInputExitsTwoWithOneLineAndWritesNothing(index: Int) async throws {
        let badCase = Self.badInput[index]
        try await withTemporaryDirectory { directory in
            let book = try Self.book(in: directory)
            let posts = try Self.posts(in: directory)
            let out = directory.appending("out")
            let arguments = badCase.arguments.map {
                $0.replacingOccurrences(of: "BOOK", with: book).replacingOccurrences(of: "POSTS", with: posts)
            }
            let result = try await FolioBinary.run(["export"] + arguments + ["--output", out + "/export"], in: directory,
                                                   environment: badCase.environment, timeout: 120)
            #expect(result.code == 2, "\(badCase.name): exit \(String(describing: result.code)), \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(badCase.name): \(result.stderr)")
            #expect(result.stderr.contains(badCase.reason), "\(badCase.name): \(result.stderr)")
            #expect(result.stdout.isEmpty)
            #expect(!FileManager.default.fileExists(atPath: out), "\(badCase.name) wrote something")
        }
    }
}
