#if canImport(FoundationXML)
import FoundationXML
#endif
import Foundation
import Ink

/// Markdown to ``MarkupNode``s: Ink renders the Markdown, and the result is parsed as XML and
/// kept only as far as every exporter can write it (well-formed, no scripts, no raw HTML, no
/// links to files a publication does not hold).
public enum MarkdownMarkup {
    /// The blocks of `markdown`, every heading at `minimumHeadingLevel` or below (a chapter's
    /// own title is the level above).
    public static func nodes(from markdown: String, minimumHeadingLevel: Int = 1) -> [MarkupNode] {
        // Characters XML forbids would make Ink's whole output unreadable: drop them first.
        var markdown = markdown
        if markdown.unicodeScalars.contains(where: { !XMLEscaping.isAllowed($0) }) {
            markdown.unicodeScalars.removeAll { !XMLEscaping.isAllowed($0) }
        }
        // A leading heading keeps Ink from reading a body that opens with `---` as metadata.
        let guarded = "# guard\n\n" + escapingOutsideCode(markdown)
        let html = MarkdownParser().html(from: guarded)
        guard let parsed = XHTMLTreeBuilder.parse(xmlDocument(fromInk: html)) else {
            return plainParagraphs(markdown)
        }
        let blocks = Array(parsed.dropFirst())
        return wrappingInlines(sanitise(blocks, minimumLevel: minimumHeadingLevel))
    }

    /// Ink's HTML as one XML document: wrapped in a root element, `<br>` and `<hr>` closed.
    ///
    /// One pass over the bytes: two Foundation `replacingOccurrences` scans of every chapter
    /// cost more than the rest of the tree building.
    static func xmlDocument(fromInk html: String) -> Data {
        let bytes = Array(html.utf8)
        var document = Data(capacity: bytes.count + 64)
        document.append(contentsOf: "<root>".utf8)
        var index = 0
        var copied = 0
        while index + 3 < bytes.count {
            if bytes[index] == UInt8(ascii: "<"), bytes[index + 3] == UInt8(ascii: ">"),
               bytes[index + 1] == UInt8(ascii: "b") || bytes[index + 1] == UInt8(ascii: "h"),
               bytes[index + 2] == UInt8(ascii: "r") {
                document.append(contentsOf: bytes[copied..<index + 3])
                document.append(contentsOf: "/>".utf8)
                index += 4
                copied = index
            } else {
                index += 1
            }
        }
        document.append(contentsOf: bytes[copied...])
        document.append(contentsOf: "</root>".utf8)
        return document
    }

    /// What Ink must not see raw: `&`, `<` and `"`, so raw HTML and entities stay text.
    static let inkEscapes: [UInt8: [UInt8]] = [UInt8(ascii: "&"): Array("&amp;".utf8),
                                               UInt8(ascii: "<"): Array("&lt;".utf8),
                                               UInt8(ascii: "\""): Array("&quot;".utf8)]

    /// `markdown` with each ASCII character in `escapes` replaced, except in code (fenced blocks
    /// and backtick spans), which Markdown renderers escape themselves.
    ///
    /// Works on UTF-8 bytes: every key is ASCII, and no byte of a multi-byte character is.
    static func escapingOutsideCode(_ markdown: String, escapes: [UInt8: [UInt8]] = inkEscapes) -> String {
        let bytes = Array(markdown.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + bytes.count / 16)
        var fence: ArraySlice<UInt8>?
        var lineStart = 0
        while lineStart <= bytes.count {
            let lineEnd = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            let trimmed = bytes[lineStart..<lineEnd].drop { $0 == UInt8(ascii: " ") }
            if let open = fence {
                output += bytes[lineStart..<lineEnd]
                if trimmed.starts(with: open) { fence = nil }
            } else if trimmed.starts(with: "```".utf8) || trimmed.starts(with: "~~~".utf8) {
                fence = trimmed.prefix(3)
                output += bytes[lineStart..<lineEnd]
            } else {
                escapeLine(bytes[lineStart..<lineEnd], escapes: escapes, into: &output)
            }
            if lineEnd < bytes.count { output.append(UInt8(ascii: "\n")) }
            lineStart = lineEnd + 1
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func escapeLine(_ line: ArraySlice<UInt8>, escapes: [UInt8: [UInt8]], into output: inout [UInt8]) {
        let backtick = UInt8(ascii: "`")
        var index = line.startIndex
        while index < line.endIndex {
            let byte = line[index]
            if byte == backtick {
                let runEnd = line[index...].firstIndex { $0 != backtick } ?? line.endIndex
                let run = runEnd - index
                // A code span closes at the next run of as many backticks.
                var search = runEnd
                var closeEnd: Int?
                while search < line.endIndex {
                    guard let next = line[search...].firstIndex(of: backtick) else { break }
                    let nextEnd = line[next...].firstIndex { $0 != backtick } ?? line.endIndex
                    if nextEnd - next == run { closeEnd = nextEnd; break }
                    search = nextEnd
                }
                let end = closeEnd ?? runEnd
                output += line[index..<end]
                index = end
                continue
            }
            if let escaped = escapes[byte] {
                output += escaped
            } else {
                output.append(byte)
            }
            index += 1
        }
    }

    /// What a chapter becomes when Ink's output cannot be read: its paragraphs as plain text.
    static func plainParagraphs(_ markdown: String) -> [MarkupNode] {
        markdown.components(separatedBy: "\n\n")
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty }
            .map { .element("p", [.text($0)]) }
    }

    private static let kept: Set<String> = [
        "p", "blockquote", "ul", "ol", "li", "pre", "hr", "table", "thead", "tbody", "tr", "th", "td",
        "em", "strong", "code", "s", "br", "a",
    ]
    private static let headings = ["h1", "h2", "h3", "h4", "h5", "h6"]

    private static func sanitise(_ nodes: [MarkupNode], minimumLevel: Int) -> [MarkupNode] {
        var output: [MarkupNode] = []
        for node in nodes {
            guard case .element(let name, let attributes, let children) = node else {
                output.append(node)
                continue
            }
            let inner = sanitise(children, minimumLevel: minimumLevel)
            if let level = headings.firstIndex(of: name) {
                output.append(.element(headings[max(level, minimumLevel - 1)], inner))
            } else if name == "a" {
                if let href = attributes["href"], isExternal(href) {
                    output.append(.element("a", attributes: ["href": href], children: inner))
                } else {
                    output += inner
                }
            } else if name == "ol", let start = attributes["start"], Int(start) != nil {
                output.append(.element("ol", attributes: ["start": start], children: inner))
            } else if name == "img" {
                // A publication holds no image a chapter points at; its description stays.
                if let alt = attributes["alt"], !alt.isEmpty { output.append(.text(alt)) }
            } else if kept.contains(name) {
                output.append(.element(name, inner))
            } else {
                output += inner
            }
        }
        return output
    }

    /// Text and inline elements left between blocks (an image's description, say) go into a
    /// paragraph of their own; white space between blocks goes.
    private static func wrappingInlines(_ nodes: [MarkupNode]) -> [MarkupNode] {
        var output: [MarkupNode] = []
        var run: [MarkupNode] = []
        func flush() {
            if run.contains(where: { !$0.plainText.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }) {
                output.append(.element("p", run))
            }
            run = []
        }
        for node in nodes {
            if case .element(let name, _, _) = node, !inlineElements.contains(name) {
                flush()
                output.append(node)
            } else {
                run.append(node)
            }
        }
        flush()
        return output
    }

    private static let inlineElements: Set<String> = ["em", "strong", "code", "s", "br", "a"]

    private static func isExternal(_ href: String) -> Bool {
        let lower = href.lowercased()
        return (lower.hasPrefix("https://") || lower.hasPrefix("http://") || lower.hasPrefix("mailto:"))
            && URL(string: href) != nil
    }
}

/// Parses well-formed XHTML into ``MarkupNode``s; `nil` when it is not well-formed.
final class XHTMLTreeBuilder: NSObject, XMLParserDelegate {
    private var stack: [(name: String, attributes: [String: String], children: [MarkupNode])] = []
    private var pendingText = ""
    private var root: [MarkupNode] = []

    /// The children of `document`'s root element.
    static func parse(_ document: Data) -> [MarkupNode]? {
        let builder = XHTMLTreeBuilder()
        let parser = XMLParser(data: document)
        parser.delegate = builder
        guard parser.parse() else { return nil }
        return builder.root
    }

    private func flushText() {
        guard !pendingText.isEmpty, !stack.isEmpty else { return }
        stack[stack.count - 1].children.append(.text(pendingText))
        pendingText = ""
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        flushText()
        stack.append((elementName, attributeDict, []))
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?) {
        flushText()
        let element = stack.removeLast()
        let node = MarkupNode.element(element.name, attributes: element.attributes, children: element.children)
        if stack.isEmpty {
            root = element.children
        } else {
            stack[stack.count - 1].children.append(node)
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        pendingText += string
    }
}
