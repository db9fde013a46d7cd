import Foundation

/// Writes ``MarkupNode``s as WordprocessingML paragraphs: headings as Heading styles, emphasis
/// as run properties, lists as indented paragraphs, links as external hyperlinks.
struct WordprocessingBody {
    /// The `<w:body>` content so far.
    private(set) var xml = ""
    /// External link targets, in order; link `i` is relationship `rIdLink{i+1}`.
    private(set) var links: [String] = []

    /// Inline formatting in effect for a run.
    private struct RunStyle {
        var bold = false
        var italic = false
        var strike = false
        var code = false
    }

    mutating func paragraph(style: String?, text: String, pageBreakBefore: Bool = false) {
        xml += "<w:p>" + properties(style: style, indent: nil)
        if pageBreakBefore { xml += "<w:r><w:br w:type=\"page\"/></w:r>" }
        xml += run(text, RunStyle()) + "</w:p>\n"
    }

    /// Appends block nodes (a chapter's body).
    mutating func blocks(_ nodes: [MarkupNode], quote: Bool = false) {
        for node in nodes { block(node, quote: quote) }
    }

    private mutating func block(_ node: MarkupNode, quote: Bool) {
        guard case .element(let name, let attributes, let children) = node else {
            if case .text(let text) = node, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                inlineParagraph([node], style: quote ? "Quote" : nil)
            }
            return
        }
        switch name {
        case "h1", "h2", "h3", "h4", "h5", "h6":
            let level = min(Int(name.dropFirst()) ?? 2, 4)
            inlineParagraph(children, style: "Heading\(level)")
        case "p":
            inlineParagraph(children, style: quote ? "Quote" : nil)
        case "blockquote":
            blocks(children, quote: true)
        case "ul", "ol":
            list(node, level: 0, start: Int(attributes["start"] ?? "") ?? 1)
        case "pre":
            let lines = node.plainText.trimmingCharacters(in: .newlines).components(separatedBy: "\n")
            xml += "<w:p>" + properties(style: "SourceCode", indent: nil)
            for (index, line) in lines.enumerated() {
                if index > 0 { xml += "<w:r><w:br/></w:r>" }
                xml += run(line, RunStyle(code: true))
            }
            xml += "</w:p>\n"
        case "hr":
            xml += "<w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr>" + run("* * *", RunStyle()) + "</w:p>\n"
        case "table":
            table(node)
        default:
            inlineParagraph(children, style: quote ? "Quote" : nil)
        }
    }

    private mutating func list(_ node: MarkupNode, level: Int, start: Int) {
        guard case .element(let name, _, let items) = node else { return }
        var number = start
        for item in items {
            guard case .element("li", _, let children) = item else { continue }
            var inline: [MarkupNode] = []
            var nested: [MarkupNode] = []
            for child in children {
                if case .element(let childName, _, _) = child, ["ul", "ol", "p", "blockquote", "pre"].contains(childName) {
                    if childName == "p", nested.isEmpty, case .element(_, _, let paragraph) = child {
                        inline += paragraph
                    } else {
                        nested.append(child)
                    }
                } else {
                    inline.append(child)
                }
            }
            let marker = name == "ol" ? "\(number). " : "• "
            number += 1
            inlineParagraph([.text(marker)] + inline, style: "ListParagraph", indent: 720 * (level + 1))
            for child in nested {
                if case .element(let childName, let attributes, _) = child, childName == "ul" || childName == "ol" {
                    list(child, level: level + 1, start: Int(attributes["start"] ?? "") ?? 1)
                } else {
                    block(child, quote: false)
                }
            }
        }
    }

    private mutating func table(_ node: MarkupNode) {
        var rows: [[MarkupNode]] = []
        func collect(_ node: MarkupNode) {
            guard case .element(let name, _, let children) = node else { return }
            if name == "tr" {
                rows.append(children.filter { if case .element = $0 { return true } else { return false } })
            } else {
                children.forEach(collect)
            }
        }
        collect(node)
        let columns = rows.map(\.count).max() ?? 0
        guard columns > 0 else { return }
        xml += "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr><w:tblGrid>"
        xml += String(repeating: "<w:gridCol w:w=\"\(9000 / columns)\"/>", count: columns) + "</w:tblGrid>\n"
        for row in rows {
            xml += "<w:tr>"
            for index in 0..<columns {
                xml += "<w:tc><w:tcPr><w:tcW w:w=\"\(9000 / columns)\" w:type=\"dxa\"/></w:tcPr>"
                if index < row.count, case .element(let cell, _, let children) = row[index] {
                    var style = RunStyle()
                    style.bold = cell == "th"
                    xml += "<w:p>" + inline(children, style) + "</w:p>"
                } else {
                    xml += "<w:p/>"
                }
                xml += "</w:tc>"
            }
            xml += "</w:tr>\n"
        }
        xml += "</w:tbl>\n"
    }

    private mutating func inlineParagraph(_ nodes: [MarkupNode], style: String?, indent: Int? = nil) {
        xml += "<w:p>" + properties(style: style, indent: indent) + inline(nodes, RunStyle()) + "</w:p>\n"
    }

    private func properties(style: String?, indent: Int?) -> String {
        guard style != nil || indent != nil else { return "" }
        var properties = "<w:pPr>"
        if let style { properties += "<w:pStyle w:val=\"\(style)\"/>" }
        if let indent { properties += "<w:ind w:left=\"\(indent)\" w:hanging=\"360\"/>" }
        return properties + "</w:pPr>"
    }

    private mutating func inline(_ nodes: [MarkupNode], _ style: RunStyle) -> String {
        var output = ""
        for node in nodes {
            switch node {
            case .text(let text):
                // A soft line break inside a paragraph reads as a space.
                output += run(text.replacingOccurrences(of: "\n", with: " "), style)
            case .element(let name, let attributes, let children):
                var inner = style
                switch name {
                case "em": inner.italic = true
                case "strong": inner.bold = true
                case "s": inner.strike = true
                case "code": inner.code = true
                case "br":
                    output += "<w:r><w:br/></w:r>"
                    continue
                case "a":
                    if let href = attributes["href"] {
                        links.append(href)
                        output += "<w:hyperlink r:id=\"rIdLink\(links.count)\">"
                            + inline(children, inner).replacingOccurrences(
                                of: "<w:r><w:rPr>", with: "<w:r><w:rPr><w:rStyle w:val=\"Hyperlink\"/>")
                                .replacingOccurrences(of: "<w:r><w:t", with: "<w:r><w:rPr><w:rStyle w:val=\"Hyperlink\"/></w:rPr><w:t")
                            + "</w:hyperlink>"
                        continue
                    }
                default: break
                }
                output += inline(children, inner)
            }
        }
        return output
    }

    private func run(_ text: String, _ style: RunStyle) -> String {
        guard !text.isEmpty else { return "" }
        // The schema fixes the order of run properties: fonts, bold, italic, strike.
        var properties = ""
        if style.code { properties += "<w:rFonts w:ascii=\"Courier New\" w:hAnsi=\"Courier New\" w:cs=\"Courier New\"/>" }
        if style.bold { properties += "<w:b/>" }
        if style.italic { properties += "<w:i/>" }
        if style.strike { properties += "<w:strike/>" }
        let head = properties.isEmpty ? "<w:r>" : "<w:r><w:rPr>\(properties)</w:rPr>"
        return head + "<w:t xml:space=\"preserve\">\(XMLEscaping.text(text))</w:t></w:r>"
    }
}
