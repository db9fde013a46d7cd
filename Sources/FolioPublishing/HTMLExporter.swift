import Foundation

/// A book as one self-contained HTML file: the stylesheet inline, the cover (if any) as a
/// `data:` URL, the same title page, contents and chapters as the EPUB.
public struct HTMLExporter: Exporter {
    /// The cover image, embedded in the page.
    public var cover: CoverImage?

    /// An exporter, optionally with a cover.
    public init(cover: CoverImage? = nil) {
        self.cover = cover
    }

    public var format: ExportFormat { .html }
    public var fileExtension: String { "html" }

    public func export(_ book: PublishableBook) throws -> ExportArtifact {
        ExportArtifact(.file(Data(html(book).utf8)))
    }

    /// The whole page.
    public func html(_ book: PublishableBook) -> String {
        let language = XMLEscaping.attribute(book.language)
        var body = ""
        if let cover {
            body += "<section class=\"cover\">\n<img src=\"data:\(cover.mediaType);base64,\(cover.data.base64EncodedString())\" alt=\"\(XMLEscaping.attribute("Cover of " + book.title))\"/>\n</section>\n"
        }
        body += BookMarkup.titlePage(book, flavour: .html)
        body += "<nav id=\"contents\">\n<h1>Contents</h1>\n\(BookMarkup.contents(book) { "#chapter-\($0.number)" })</nav>\n"
        for (chapter, nodes) in zip(book.chapters, book.renderedChapters()) {
            body += BookMarkup.chapter(chapter, nodes: nodes, flavour: .html)
        }
        return """
            <!DOCTYPE html>
            <html lang="\(language)">
            <head>
            <meta charset="utf-8"/>
            <meta name="viewport" content="width=device-width, initial-scale=1"/>
            <meta name="author" content="\(XMLEscaping.attribute(book.author))"/>
            <title>\(XMLEscaping.text(book.title))</title>
            <style>
            \(BookStylesheet.css)</style>
            </head>
            <body>
            \(body)</body>
            </html>

            """
    }
}
