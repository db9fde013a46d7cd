/// The XHTML sections EPUB and HTML exports share: title page and chapters.
enum BookMarkup {
    /// `epub:type` attributes are EPUB's; plain HTML leaves them out.
    enum Flavour {
        case epub
        case html
    }

    static func titlePage(_ book: PublishableBook, flavour: Flavour) -> String {
        var section = "<section class=\"title-page\"\(type("titlepage", flavour))>\n"
        section += "<h1 class=\"title\">\(XMLEscaping.text(book.title))</h1>\n"
        section += "<p class=\"author\">\(XMLEscaping.text(book.author))</p>\n"
        if !book.summary.isEmpty {
            section += "<p class=\"summary\">\(XMLEscaping.text(book.summary))</p>\n"
        }
        return section + "</section>\n"
    }

    static func chapter(_ chapter: PublishableChapter, nodes: [MarkupNode], flavour: Flavour) -> String {
        var section = "<section class=\"chapter\" id=\"chapter-\(chapter.number)\"\(type("chapter", flavour))>\n"
        section += "<h1>\(XMLEscaping.text(chapter.heading))</h1>\n"
        for node in nodes {
            node.write(to: &section)
            section += "\n"
        }
        return section + "</section>\n"
    }

    /// The table of contents as an ordered list of links, `href` made by `link`.
    static func contents(_ book: PublishableBook, link: (PublishableChapter) -> String) -> String {
        var list = "<ol>\n"
        for chapter in book.chapters {
            list += "<li><a href=\"\(XMLEscaping.attribute(link(chapter)))\">\(XMLEscaping.text(chapter.heading))</a></li>\n"
        }
        return list + "</ol>\n"
    }

    private static func type(_ value: String, _ flavour: Flavour) -> String {
        flavour == .epub ? " epub:type=\"\(value)\"" : ""
    }
}
