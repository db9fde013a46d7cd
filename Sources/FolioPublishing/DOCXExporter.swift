import Foundation

/// A book as a Word document (WordprocessingML in a ZIP container): title page, each chapter
/// on a new page under a Heading 1, its own headings as Heading 2–4, paragraphs, emphasis,
/// lists, and the title, author, language and dates in the core properties.
public struct DOCXExporter: Exporter {
    /// Creates the exporter.
    public init() {}

    public var format: ExportFormat { .docx }
    public var fileExtension: String { "docx" }

    public func export(_ book: PublishableBook) throws -> ExportArtifact {
        ExportArtifact(.file(try data(book)))
    }

    /// The `.docx` file's bytes.
    public func data(_ book: PublishableBook) throws -> Data {
        var body = WordprocessingBody()
        body.paragraph(style: "Title", text: book.title)
        body.paragraph(style: "Subtitle", text: "by " + book.author)
        if !book.summary.isEmpty { body.paragraph(style: nil, text: book.summary) }
        for (chapter, nodes) in zip(book.chapters, book.renderedChapters()) {
            body.paragraph(style: "Heading1", text: chapter.heading, pageBreakBefore: true)
            body.blocks(nodes)
        }
        let document = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <w:document xmlns:w="\(Self.main)" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
            <w:body>
            \(body.xml)<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="708" w:footer="708" w:gutter="0"/></w:sectPr>
            </w:body>
            </w:document>

            """
        var relationships = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="\(Self.packageRelationships)">
            <Relationship Id="rIdStyles" Type="\(Self.officeRelationships)/styles" Target="styles.xml"/>

            """
        for (index, link) in body.links.enumerated() {
            relationships += "<Relationship Id=\"rIdLink\(index + 1)\" Type=\"\(Self.officeRelationships)/hyperlink\" Target=\"\(XMLEscaping.attribute(link))\" TargetMode=\"External\"/>\n"
        }
        relationships += "</Relationships>\n"
        let entries: [ZipContainer.Entry] = [
            .init(path: "[Content_Types].xml", data: Data(Self.contentTypes.utf8)),
            .init(path: "_rels/.rels", data: Data(Self.rootRelationships.utf8)),
            .init(path: "docProps/core.xml", data: Data(coreProperties(book).utf8)),
            .init(path: "docProps/app.xml", data: Data(Self.appProperties.utf8)),
            .init(path: "word/document.xml", data: Data(document.utf8)),
            .init(path: "word/styles.xml", data: Data(WordStyles.xml(language: book.language).utf8)),
            .init(path: "word/_rels/document.xml.rels", data: Data(relationships.utf8)),
        ]
        return try ZipContainer.data(entries, modified: book.modified)
    }

    static let main = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    static let packageRelationships = "http://schemas.openxmlformats.org/package/2006/relationships"
    static let officeRelationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    static let contentTypes = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
        <Default Extension="xml" ContentType="application/xml"/>
        <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
        <Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
        <Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
        <Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>
        </Types>

        """

    static let rootRelationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="\(packageRelationships)">
        <Relationship Id="rId1" Type="\(officeRelationships)/officeDocument" Target="word/document.xml"/>
        <Relationship Id="rId2" Type="\(packageRelationships)/metadata/core-properties" Target="docProps/core.xml"/>
        <Relationship Id="rId3" Type="\(officeRelationships)/extended-properties" Target="docProps/app.xml"/>
        </Relationships>

        """

    static let appProperties = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Folio</Application></Properties>

        """

    func coreProperties(_ book: PublishableBook) -> String {
        let date = PublicationDate.iso8601(book.modified)
        var description = ""
        if !book.summary.isEmpty { description = "<dc:description>\(XMLEscaping.text(book.summary))</dc:description>" }
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
            <dc:title>\(XMLEscaping.text(book.title))</dc:title>
            <dc:creator>\(XMLEscaping.text(book.author))</dc:creator>
            <dc:language>\(XMLEscaping.text(book.language))</dc:language>
            <dc:identifier>\(XMLEscaping.text(book.identifier))</dc:identifier>
            \(description)<dcterms:created xsi:type="dcterms:W3CDTF">\(date)</dcterms:created>
            <dcterms:modified xsi:type="dcterms:W3CDTF">\(date)</dcterms:modified>
            </cp:coreProperties>

            """
    }
}
