#if canImport(FoundationXML)
import FoundationXML
#endif
import FolioPublishing
import FolioTesting
import Foundation
import Testing

/// EPUB exports: the container laid out as the specification requires, every document
/// well-formed, the same bytes for the same book, and EPUBCheck 5.3 reporting nothing.
@Suite struct EPUBExporterTests {
    static let onePixelPNG = Data(base64Encoded:
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")!

    /// The books EPUBCheck must pass: one chapter, thirty, Chinese, and a title full of markup.
    static let books: [(name: String, title: String, language: String, chapters: Int, cover: Bool)] = [
        ("one chapter", "The Lighthouse Keeper", "English", 1, false),
        ("thirty chapters", "Thirty Nights at the Light", "English", 30, false),
        ("Chinese", "灯塔守护者", "Chinese", 3, false),
        ("markup in the title", #"<Tides> & "Bottles" & 'Keepers'"#, "English", 2, false),
        ("with a cover", "The Covered Light", "English", 2, true),
    ]

    static func load(_ folder: String) throws -> PublishableBook {
        try PublishableBook.load(folder: folder, author: #"Ada <"The Keeper"> & Co"#).book
    }

    static func exportBook(_ index: Int, in directory: TemporaryDirectory) throws -> (PublishableBook, Data) {
        let spec = books[index]
        let folder = try PublishingFixtures.book(
            in: directory, title: spec.title, language: spec.language, chapters: spec.chapters,
            body: spec.language == "Chinese" ? PublishingFixtures.chineseChapter : PublishingFixtures.richChapter)
        let book = try load(folder)
        let cover = spec.cover ? CoverImage(data: onePixelPNG, mediaType: "image/png") : nil
        return (book, try EPUBExporter(cover: cover).data(book))
    }

    @Test(.enabled(if: PublishingValidators.epubcheckJar != nil, "EPUBCheck not installed: run scripts/setup"),
          arguments: books.indices)
    func epubCheckReportsNoErrorAndNoWarning(index: Int) async throws {
        try await withTemporaryDirectory { directory in
            let (_, data) = try Self.exportBook(index, in: directory)
            let path = directory.appending("book.epub")
            try data.write(to: URL(fileURLWithPath: path))
            let report = try PublishingValidators.epubcheck(path)
            #expect(report.fatals == 0 && report.errors == 0 && report.warnings == 0,
                    "\(Self.books[index].name): \(report.output)")
            #expect(report.output.contains("No errors or warnings detected"), "\(report.output)")
        }
    }

    @Test func mimetypeComesFirstStoredWithoutExtraField() async throws {
        try await withTemporaryDirectory { directory in
            let (_, data) = try Self.exportBook(0, in: directory)
            let bytes = [UInt8](data.prefix(58))
            #expect(bytes[0..<4] == [0x50, 0x4B, 0x03, 0x04])           // local file header
            #expect(bytes[8] == 0 && bytes[9] == 0)                     // stored
            #expect(bytes[28] == 0 && bytes[29] == 0)                   // no extra field
            #expect(String(decoding: bytes[30..<38], as: UTF8.self) == "mimetype")
            #expect(String(decoding: bytes[38..<58], as: UTF8.self) == "application/epub+zip")
            let entries = try ZipEntries(data)
            #expect(entries.names.first == "mimetype")
            #expect(entries.names.contains("META-INF/container.xml"))
            #expect(entries.text("META-INF/container.xml").contains(#"full-path="OEBPS/content.opf""#))
        }
    }

    @Test func packageDocumentCarriesTheRequiredMetadata() async throws {
        try await withTemporaryDirectory { directory in
            let (book, data) = try Self.exportBook(3, in: directory)
            let opf = try ZipEntries(data).text("OEBPS/content.opf")
            #expect(opf.components(separatedBy: "dcterms:modified").count - 1 == 1, "exactly one dcterms:modified")
            #expect(opf.contains(#"<dc:identifier id="book-id">\#(book.identifier)</dc:identifier>"#))
            #expect(book.identifier.hasPrefix("urn:uuid:"))
            #expect(opf.contains("<dc:title>&lt;Tides&gt; &amp; \"Bottles\" &amp; 'Keepers'</dc:title>"))
            #expect(opf.contains("<dc:language>en</dc:language>"))
            #expect(opf.contains("<dc:creator id=\"creator\">Ada &lt;\"The Keeper\"&gt; &amp; Co</dc:creator>"))
            #expect(opf.contains(#"properties="nav""#))
            #expect(opf.contains(#"<spine toc="ncx">"#))
            #expect(opf.contains(#"<meta property="dcterms:modified">"#))
        }
    }

    @Test func everyDocumentIsWellFormedXMLAndEveryChapterIsListed() async throws {
        try await withTemporaryDirectory { directory in
            let (book, data) = try Self.exportBook(1, in: directory)
            let entries = try ZipEntries(data)
            for name in entries.names where name.hasSuffix(".xhtml") || name.hasSuffix(".opf") || name.hasSuffix(".ncx")
                || name.hasSuffix(".xml") {
                let parser = XMLParser(data: entries.contents[name]!)
                #expect(parser.parse(), "\(name) is not well-formed: \(String(describing: parser.parserError))")
            }
            let chapters = entries.names.filter { $0.hasPrefix("OEBPS/chapter-") }
            #expect(chapters.count == 30)
            let nav = entries.text("OEBPS/nav.xhtml")
            let ncx = entries.text("OEBPS/toc.ncx")
            for chapter in book.chapters {
                let file = String(format: "chapter-%03d.xhtml", chapter.number)
                #expect(nav.contains("href=\"\(file)\""))
                #expect(ncx.contains("src=\"\(file)\""))
            }
            #expect(ncx.contains("<meta name=\"dtb:uid\" content=\"\(book.identifier)\"/>"))
            // The author's raw HTML is shown as text, never run.
            let first = entries.text("OEBPS/chapter-001.xhtml")
            #expect(first.contains("&lt;b&gt;nothing&lt;/b&gt;"))
            #expect(first.contains("<br/>") && first.contains("<hr/>"))
            #expect(!first.contains("<img"))
            #expect(first.contains("<a href=\"https://example.org/harbour?a=1&amp;b=2\">the harbour office</a>"))
        }
    }

    @Test func theSameBookGivesTheSameBytesAndTheDateComesFromTheBook() async throws {
        try await withTemporaryDirectory { directory in
            let folder = try PublishingFixtures.book(in: directory, title: "Same Bytes", chapters: 3)
            let first = try EPUBExporter().data(Self.load(folder))
            let second = try EPUBExporter().data(Self.load(folder))
            #expect(first == second)
            let epoch = Date(timeIntervalSince1970: 1_700_000_000)
            let pinned = try PublishableBook.load(folder: folder, author: #"Ada <"The Keeper"> & Co"#, modified: epoch).book
            let third = try EPUBExporter().data(pinned)
            #expect(third != first)
            #expect(try ZipEntries(third).text("OEBPS/content.opf").contains("2023-11-14T22:13:20Z"))
            #expect(try PublicationDate.sourceDateEpoch(["SOURCE_DATE_EPOCH": "1700000000"]) == epoch)
            #expect(throws: PublishingError.badSourceDateEpoch("soon")) {
                try PublicationDate.sourceDateEpoch(["SOURCE_DATE_EPOCH": "soon"])
            }
        }
    }

    @Test func coverIsMarkedAndShownFirst() async throws {
        try await withTemporaryDirectory { directory in
            let (_, data) = try Self.exportBook(4, in: directory)
            let entries = try ZipEntries(data)
            let opf = entries.text("OEBPS/content.opf")
            #expect(opf.contains(#"<item id="cover-image" href="cover.png" media-type="image/png" properties="cover-image"/>"#))
            #expect(opf.contains("<spine toc=\"ncx\">\n    <itemref idref=\"cover\"/>"))
            #expect(entries.contents["OEBPS/cover.png"] == Self.onePixelPNG)
            let image = directory.appending("cover.png")
            try Self.onePixelPNG.write(to: URL(fileURLWithPath: image))
            #expect(try CoverImage.load(path: image).mediaType == "image/png")
            let text = directory.appending("cover.txt")
            try "not an image".write(toFile: text, atomically: true, encoding: .utf8)
            #expect(throws: PublishingError.badCover(text, "not a JPEG, PNG, GIF or WebP image")) {
                try CoverImage.load(path: text)
            }
        }
    }

    @Test func languageNamesBecomeTags() {
        #expect(LanguageTag.bcp47("English") == "en")
        #expect(LanguageTag.bcp47("Chinese") == "zh")
        #expect(LanguageTag.bcp47("pt-BR") == "pt-BR")
        #expect(LanguageTag.bcp47("Elvish (Sindarin)") == "und")
    }
}
