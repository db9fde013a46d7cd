import Foundation

/// A book as an EPUB 3.3 publication that EPUBCheck passes without errors or warnings.
///
/// `mimetype` comes first and stored, then `META-INF/container.xml`, the package document,
/// `nav.xhtml`, `toc.ncx` for EPUB 2 reading systems, the stylesheet, an optional cover, a title
/// page and one XHTML file per chapter. Every date is the book's ``PublishableBook/modified``,
/// so the same book gives the same bytes.
public struct EPUBExporter: Exporter {
    /// The cover image, marked `cover-image`, shown on its own first page.
    public var cover: CoverImage?

    /// An exporter, optionally with a cover.
    public init(cover: CoverImage? = nil) {
        self.cover = cover
    }

    public var format: ExportFormat { .epub }
    public var fileExtension: String { "epub" }

    public func export(_ book: PublishableBook) throws -> ExportArtifact {
        ExportArtifact(.file(try data(book)))
    }

    /// The `.epub` file's bytes.
    public func data(_ book: PublishableBook) throws -> Data {
        var entries: [ZipContainer.Entry] = [
            .init(path: "mimetype", data: Data("application/epub+zip".utf8), deflated: false),
            .init(path: "META-INF/container.xml", data: Data(Self.container.utf8)),
            .init(path: "OEBPS/content.opf", data: Data(packageDocument(book).utf8)),
            .init(path: "OEBPS/nav.xhtml", data: Data(navigation(book).utf8)),
            .init(path: "OEBPS/toc.ncx", data: Data(ncx(book).utf8)),
            .init(path: "OEBPS/style.css", data: Data(BookStylesheet.css.utf8)),
        ]
        if let cover {
            entries.append(.init(path: "OEBPS/cover.\(cover.fileExtension)", data: cover.data, deflated: false))
            let body = "<section class=\"cover\" epub:type=\"cover\">\n<img src=\"cover.\(cover.fileExtension)\" alt=\"\(XMLEscaping.attribute("Cover of " + book.title))\"/>\n</section>\n"
            entries.append(.init(path: "OEBPS/cover.xhtml", data: Data(page(book, title: "Cover", body: body).utf8)))
        }
        entries.append(.init(path: "OEBPS/title.xhtml",
                             data: Data(page(book, title: book.title, body: BookMarkup.titlePage(book, flavour: .epub)).utf8)))
        let exporter = self
        entries += book.mapRenderedChapters { chapter, nodes in
            let body = BookMarkup.chapter(chapter, nodes: nodes, flavour: .epub)
            return ZipContainer.Entry(path: "OEBPS/\(Self.file(chapter))",
                                      data: Data(exporter.page(book, title: chapter.heading, body: body).utf8))
        }
        return try ZipContainer.data(entries, modified: book.modified)
    }

    static func file(_ chapter: PublishableChapter) -> String {
        "chapter-" + String(repeating: "0", count: max(0, 3 - String(chapter.number).count)) + "\(chapter.number).xhtml"
    }

    static let container = """
        <?xml version="1.0" encoding="UTF-8"?>
        <container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
          <rootfiles>
            <rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>
          </rootfiles>
        </container>

        """

    func packageDocument(_ book: PublishableBook) -> String {
        let language = XMLEscaping.attribute(book.language)
        var metadata = """
              <dc:identifier id="book-id">\(XMLEscaping.text(book.identifier))</dc:identifier>
              <dc:title>\(XMLEscaping.text(book.title))</dc:title>
              <dc:language>\(XMLEscaping.text(book.language))</dc:language>
              <dc:creator id="creator">\(XMLEscaping.text(book.author))</dc:creator>

            """
        if !book.summary.isEmpty {
            metadata += "    <dc:description>\(XMLEscaping.text(book.summary))</dc:description>\n"
        }
        metadata += "    <meta property=\"dcterms:modified\">\(PublicationDate.iso8601(book.modified))</meta>\n"

        var manifest = """
              <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
              <item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>
              <item id="style" href="style.css" media-type="text/css"/>

            """
        var spine = ""
        if let cover {
            manifest += "    <item id=\"cover-image\" href=\"cover.\(cover.fileExtension)\" media-type=\"\(cover.mediaType)\" properties=\"cover-image\"/>\n"
            manifest += "    <item id=\"cover\" href=\"cover.xhtml\" media-type=\"application/xhtml+xml\"/>\n"
            spine += "    <itemref idref=\"cover\"/>\n"
        }
        manifest += "    <item id=\"title-page\" href=\"title.xhtml\" media-type=\"application/xhtml+xml\"/>\n"
        spine += "    <itemref idref=\"title-page\"/>\n    <itemref idref=\"nav\"/>\n"
        for chapter in book.chapters {
            manifest += "    <item id=\"chapter-\(chapter.number)\" href=\"\(Self.file(chapter))\" media-type=\"application/xhtml+xml\"/>\n"
            spine += "    <itemref idref=\"chapter-\(chapter.number)\"/>\n"
        }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="book-id" xml:lang="\(language)">
              <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
            \(metadata)  </metadata>
              <manifest>
            \(manifest)  </manifest>
              <spine toc="ncx">
            \(spine)  </spine>
            </package>

            """
    }

    func navigation(_ book: PublishableBook) -> String {
        let first = book.chapters.first.map(Self.file) ?? "title.xhtml"
        let body = """
            <nav epub:type="toc" id="toc">
            <h1>Contents</h1>
            \(BookMarkup.contents(book) { Self.file($0) })</nav>
            <nav epub:type="landmarks" id="landmarks" hidden="hidden">
            <ol>
            <li><a epub:type="toc" href="nav.xhtml#toc">Contents</a></li>
            <li><a epub:type="bodymatter" href="\(first)">Start of content</a></li>
            </ol>
            </nav>

            """
        return page(book, title: "Contents", body: body)
    }

    func ncx(_ book: PublishableBook) -> String {
        var points = ""
        for (order, chapter) in book.chapters.enumerated() {
            points += """
                    <navPoint id="nav-\(chapter.number)" playOrder="\(order + 1)">
                      <navLabel><text>\(XMLEscaping.text(chapter.heading))</text></navLabel>
                      <content src="\(Self.file(chapter))"/>
                    </navPoint>

                """
        }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1" xml:lang="\(XMLEscaping.attribute(book.language))">
              <head>
                <meta name="dtb:uid" content="\(XMLEscaping.attribute(book.identifier))"/>
                <meta name="dtb:depth" content="1"/>
                <meta name="dtb:totalPageCount" content="0"/>
                <meta name="dtb:maxPageNumber" content="0"/>
              </head>
              <docTitle><text>\(XMLEscaping.text(book.title))</text></docTitle>
              <navMap>
            \(points)  </navMap>
            </ncx>

            """
    }

    /// One XHTML content document.
    func page(_ book: PublishableBook, title: String, body: String) -> String {
        let language = XMLEscaping.attribute(book.language)
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE html>
            <html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" xml:lang="\(language)" lang="\(language)">
            <head>
            <title>\(XMLEscaping.text(title))</title>
            <link rel="stylesheet" type="text/css" href="style.css"/>
            </head>
            <body>
            \(body)</body>
            </html>

            """
    }
}
