import FolioPublishing
import FolioTesting
import Foundation
import Testing

/// Post exports: CSV read back by Python's csv module and LibreOffice cell for cell, Buffer's
/// bulk files, Notion pages and database, Markdown with front matter.
@Suite struct PostExporterTests {
    /// Posts whose fields carry everything CSV must keep: emoji, quotes, commas, newlines,
    /// a leading `=`, leading and trailing spaces, a number-like commit.
    static let trickyPosts: [Post] = [
        PublishingFixtures.post("folio"),
        PublishingFixtures.post("quote-comma", version: 2, text: #"He said "ship it", then shipped it, twice 🚀🚀."# + "\n\nLine two, with a comma."),
        PublishingFixtures.post("formula", text: "=SUM(A1:A2) is not a formula here; neither is +1 or -1.", hashtags: ["excel", "csv"]),
        { var post = PublishingFixtures.post("numbers", text: "  Leading and trailing spaces stay.  ")
          post.versions[0].commit = "0070"
          post.versions[0].quality = nil
          return post }(),
        PublishingFixtures.post("unicode", text: "多语言支持：中文、日本語、한국어 — and “curly quotes”. 👩‍💻", hashtags: ["i18n", "unicode", "日本"]),
    ]

    /// Rows as Python's csv module reads `path`, as JSON.
    static func pythonRows(_ path: String, encoding: String = "utf-8") throws -> [[String]] {
        let python = try #require(PublishingValidators.python ?? PublishingValidators.executable("python3"))
        let script = "import csv, json, sys\nwith open(sys.argv[1], newline='', encoding=sys.argv[2]) as f:\n    print(json.dumps(list(csv.reader(f, strict=True))))"
        let result = try PublishingValidators.run(python, ["-c", script, path, encoding])
        #expect(result.status == 0, "\(result.stderr)")
        return try JSONDecoder().decode([[String]].self, from: Data(result.stdout.utf8))
    }

    @Test func csvRoundTripsThroughPythonsCSVModuleCellForCell() async throws {
        try await withTemporaryDirectory { directory in
            let exporter = PostCSVExporter()
            let table = exporter.table(Self.trickyPosts)
            let path = directory.appending("posts.csv")
            guard case .file(let data) = try exporter.export(Self.trickyPosts).layout else {
                Issue.record("CSV is one file")
                return
            }
            try data.write(to: URL(fileURLWithPath: path))
            #expect(try Self.pythonRows(path) == [table.header] + table.rows)
            #expect(table.header == ["repo", "commit", "version", "hook_type", "text", "hashtags", "characters",
                                     "quality", "safety_confidence", "created_at"])
            #expect(table.rows.count == 5)
            #expect(table.rows[1][2] == "2", "the newest version")
            #expect(table.rows[3][1] == "0070" && table.rows[3][7] == "")
            for row in table.rows { #expect(Int(row[6]) == row[4].utf16.count) }
            let text = String(decoding: data, as: UTF8.self)
            #expect(text.hasSuffix("\r\n") && !text.hasPrefix("\u{FEFF}"))
            #expect(text.components(separatedBy: "\r\n").first == table.header.joined(separator: ","))
            // Excel's variant differs only by the byte-order mark.
            guard case .file(let excel) = try PostCSVExporter(byteOrderMark: true).export(Self.trickyPosts).layout else { return }
            #expect(excel == Data([0xEF, 0xBB, 0xBF]) + data)
        }
    }

    @Test(.enabled(if: PublishingValidators.soffice != nil, "LibreOffice not installed: run scripts/setup"))
    func csvRoundTripsThroughLibreOfficeCalcCellForCell() async throws {
        try await withTemporaryDirectory { directory in
            let exporter = PostCSVExporter()
            let path = directory.appending("posts.csv")
            guard case .file(let data) = try exporter.export(Self.trickyPosts).layout else { return }
            try data.write(to: URL(fileURLWithPath: path))
            // Import: comma, double quote, UTF-8, from line 1, all ten columns as text, formulas
            // not evaluated. Export: the same, every text cell quoted.
            let textColumns = (1...10).map { "\($0)/2" }.joined(separator: "/")
            let converted = try PublishingValidators.libreOfficeConvert(
                path, to: "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,true,true,true,false,false,,false",
                extension: "csv", into: directory.appending("calc"),
                infilter: "CSV:44,34,76,1,\(textColumns),,true,false,false,false,false,,false")
            let original = try Self.pythonRows(path)
            let roundTripped = try Self.pythonRows(converted)
            #expect(roundTripped.count == original.count)
            for (index, (row, expected)) in zip(roundTripped, original).enumerated() {
                #expect(row == expected, "row \(index) differs after LibreOffice")
            }
        }
    }

    @Test func bufferWritesFilesOfAHundredRowsWithScheduledTimes() async throws {
        let posts = (1...250).map { PublishingFixtures.post("repo-\($0)") }
        let schedule = try BufferSchedule(start: "2026-12-30 09:00", every: "12h")
        guard case .parts(let parts) = try BufferExporter(schedule: schedule).export(posts).layout else {
            Issue.record("Buffer exports parts")
            return
        }
        #expect(parts.count == 3)
        try await withTemporaryDirectory { directory in
            var rows: [[String]] = []
            for (index, part) in parts.enumerated() {
                let path = directory.appending("buffer-\(index).csv")
                try part.write(to: URL(fileURLWithPath: path))
                let read = try Self.pythonRows(path)
                #expect(read.first == ["Text", "Image URL", "Tags", "Posting Time"])
                #expect(read.count - 1 == [100, 100, 50][index])
                rows += read.dropFirst()
            }
            #expect(rows[0][3] == "2026-12-30 09:00")
            #expect(rows[1][3] == "2026-12-30 21:00")
            #expect(rows[4][3] == "2027-01-01 09:00", "across the year's end")
            #expect(rows[249][3] == "2027-05-03 21:00", "124.5 days after the start")
            #expect(rows.allSatisfy { $0[0].hasPrefix("Ever shipped a book from your terminal? 📚\n\n") })
        }
        guard case .parts(let unscheduled) = try BufferExporter().export(Array(posts.prefix(3))).layout else { return }
        #expect(unscheduled.count == 1)
        #expect(String(decoding: unscheduled[0], as: UTF8.self).hasSuffix(",,,\r\n"), "blank posting time")
        #expect(throws: PublishingError.badSchedule("tomorrow")) { try BufferSchedule(start: "tomorrow", every: "1d") }
        #expect(throws: PublishingError.badInterval("often")) { try BufferSchedule(start: "2026-12-30", every: "often") }
        #expect(try BufferSchedule(start: "2026-12-30", every: "1d12h").time(at: 1) == "2026-12-31 21:00")
    }

    @Test func notionGetsOnePagePerPostAndADatabaseTitledFirst() async throws {
        var deep = PublishingFixtures.post("deep", text: "# Big news\n\nIntro.\n\n#### Very deep heading\n\nBody.\n\n##### Deeper")
        deep.versions[0].hookType = "announcement"
        let posts = [PublishingFixtures.post("folio"), deep]
        guard case .folder(let files) = try NotionExporter().export(posts).layout else {
            Issue.record("Notion exports a folder")
            return
        }
        #expect(files.map(\.path) == ["folio.md", "deep.md", "posts.csv"])
        for file in files where file.path.hasSuffix(".md") {
            let page = String(decoding: file.data, as: UTF8.self)
            let headings = page.split(separator: "\n").filter { $0.hasPrefix("#") }
            #expect(headings.first?.hasPrefix("# ") == true)
            #expect(headings.dropFirst().allSatisfy { $0.hasPrefix("## ") || $0.hasPrefix("### ") }, "\(headings)")
            #expect(page.components(separatedBy: "\n# ").count == 1, "one H1")
        }
        try await withTemporaryDirectory { directory in
            let path = directory.appending("posts.csv")
            try files[2].data.write(to: URL(fileURLWithPath: path))
            let rows = try Self.pythonRows(path)
            #expect(rows[0].first == "Title")
            #expect(rows.count == 3)
            #expect(rows[1][0] == "Ever shipped a book from your terminal? 📚")
            #expect(rows[2][0] == "Big news")
            #expect(String(decoding: files[1].data, as: UTF8.self).hasPrefix("# Big news\n\n## Big news\n"))
        }
    }

    @Test func markdownCarriesFrontMatterAndTheText() throws {
        let post = PublishingFixtures.post("folio", version: 3)
        guard case .file(let data) = try PostMarkdownExporter().export([post]).layout else {
            Issue.record("one post is one file")
            return
        }
        let page = String(decoding: data, as: UTF8.self)
        let parts = page.components(separatedBy: "---\n")
        #expect(parts.count >= 3 && parts[0].isEmpty)
        let front = parts[1]
        #expect(front.contains("repo: \"example/folio\"\n"))
        #expect(front.contains("version: 3\n"))
        #expect(front.contains("hook_type: \"question\"\n"))
        #expect(front.contains("confidence: 0.95\n"))
        #expect(front.contains("hashtags: [\"#Swift\", \"#OpenSource\", \"#CLITools\"]\n"))
        #expect(page.hasSuffix("- exports EPUB, DOCX, and CSV, too\n"))
        guard case .folder(let files) = try PostMarkdownExporter().export([post, PublishingFixtures.post("two")]).layout else {
            Issue.record("several posts are a folder")
            return
        }
        #expect(files.map(\.path) == ["folio.md", "two.md"])
    }
}
