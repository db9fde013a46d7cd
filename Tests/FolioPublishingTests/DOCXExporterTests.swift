import FolioPublishing
import FolioTesting
import Foundation
import Testing

/// DOCX exports read back by python-docx and by LibreOffice, as a publisher would open them.
@Suite struct DOCXExporterTests {
    /// python-docx's view of a document, as JSON.
    static let reader = """
        import docx, json, sys
        d = docx.Document(sys.argv[1])
        body = d.element.body
        print(json.dumps({
            "paragraphs": [{"style": p.style.name, "text": p.text,
                            "bold": [r.text for r in p.runs if r.bold],
                            "italic": [r.text for r in p.runs if r.italic]} for p in d.paragraphs],
            "page_breaks": len(body.xpath('.//w:br[@w:type="page"]')),
            "title": d.core_properties.title, "author": d.core_properties.author,
            "language": d.core_properties.language, "modified": d.core_properties.modified.isoformat(),
            "hyperlinks": [r.target_ref for r in d.part.rels.values() if r.is_external],
        }))
        """

    struct Paragraph: Decodable {
        var style: String
        var text: String
        var bold: [String]
        var italic: [String]
    }

    struct Document: Decodable {
        var paragraphs: [Paragraph]
        var page_breaks: Int
        var title: String
        var author: String
        var language: String
        var modified: String
        var hyperlinks: [String]
    }

    static func export(in directory: TemporaryDirectory, title: String, chapters: Int,
                       language: String = "English") throws -> (PublishableBook, String) {
        let folder = try PublishingFixtures.book(
            in: directory, title: title, language: language, chapters: chapters,
            body: language == "Chinese" ? PublishingFixtures.chineseChapter : PublishingFixtures.richChapter)
        let book = try PublishableBook.load(folder: folder, author: "Ada Keeper").book
        let path = directory.appending("book.docx")
        try DOCXExporter().data(book).write(to: URL(fileURLWithPath: path))
        return (book, path)
    }

    @Test(.enabled(if: PublishingValidators.python != nil, "python-docx not installed: run scripts/setup"))
    func pythonDocxReadsHeadingsParagraphsEmphasisPageBreaksAndProperties() async throws {
        try await withTemporaryDirectory { directory in
            let (book, path) = try Self.export(in: directory, title: #"Salt & "Static" <3>"#, chapters: 3)
            let result = try PublishingValidators.run(PublishingValidators.python!, ["-c", Self.reader, path])
            #expect(result.status == 0, "\(result.stderr)")
            let document = try JSONDecoder().decode(Document.self, from: Data(result.stdout.utf8))
            #expect(document.title == #"Salt & "Static" <3>"#)
            #expect(document.author == "Ada Keeper")
            #expect(document.language == "en")
            #expect(document.modified.hasPrefix("2026-"))
            #expect(document.page_breaks == 3, "one page break before each chapter")

            let paragraphs = document.paragraphs
            #expect(paragraphs.first?.style == "Title")
            #expect(paragraphs.first?.text == book.title)
            let chapterHeadings = paragraphs.filter { $0.style == "Heading 1" }.map(\.text)
            #expect(chapterHeadings == book.chapters.map(\.heading))
            #expect(paragraphs.filter { $0.style == "Heading 2" }.map(\.text) == ["The Letter", "The Letter", "The Letter"])
            let opening = try #require(paragraphs.first { $0.text.hasPrefix("The keeper climbed") })
            #expect(opening.italic == ["hundred and twelve"])
            #expect(opening.bold == ["1th"])
            #expect(opening.text.contains("& counted each one."))
            #expect(opening.text.contains("5 < 6 and 7 > 3"))
            #expect(paragraphs.contains { $0.style == "List Paragraph" && $0.text == "• a bottle, green and scratched" })
            #expect(paragraphs.contains { $0.style == "List Paragraph" && $0.text == "2. Second watch" })
            #expect(paragraphs.contains { $0.style == "Quote" && $0.text == "Whoever finds this, keep the light burning." })
            #expect(paragraphs.contains { $0.text.contains("<b>nothing</b>") }, "raw HTML stays text")
            #expect(document.hyperlinks.contains("https://example.org/harbour?a=1&b=2"))
        }
    }

    @Test(.enabled(if: PublishingValidators.soffice != nil, "LibreOffice not installed: run scripts/setup"))
    func libreOfficeOpensItAndReadsBackTheText() async throws {
        try await withTemporaryDirectory { directory in
            for (title, language) in [("The Keeper's Log", "English"), ("灯塔守护者", "Chinese")] {
                let (book, path) = try Self.export(in: directory, title: title, chapters: 2, language: language)
                let text = try String(contentsOfFile: PublishingValidators.libreOfficeConvert(
                    path, to: "txt:Text (encoded):UTF8", extension: "txt", into: directory.appending("out")), encoding: .utf8)
                #expect(text.contains(title))
                for chapter in book.chapters {
                    #expect(text.contains(chapter.heading), "\(chapter.heading) missing from LibreOffice's text")
                }
                if language == "Chinese" {
                    #expect(text.contains("她在沙滩上发现了一个绿色的瓶子，里面有一封信：“请让灯一直亮着。”"))
                } else {
                    #expect(text.contains("At the top, the lamp hissed: \"Not tonight,\" it seemed to say. 5 < 6 and 7 > 3, always."))
                    #expect(text.contains("if tide > 3 { ring(bell) }"))
                }
                try FileManager.default.removeItem(atPath: directory.appending("out"))
            }
        }
    }

    @Test func theSameBookGivesTheSameBytes() async throws {
        try await withTemporaryDirectory { directory in
            let folder = try PublishingFixtures.book(in: directory, title: "Twice", chapters: 2)
            let first = try DOCXExporter().data(PublishableBook.load(folder: folder).book)
            let second = try DOCXExporter().data(PublishableBook.load(folder: folder).book)
            #expect(first == second)
            let entries = try ZipEntries(first)
            #expect(entries.names.first == "[Content_Types].xml")
            #expect(entries.text("word/styles.xml").contains(#"<w:name w:val="heading 1"/>"#))
        }
    }
}
