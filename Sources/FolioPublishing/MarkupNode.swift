/// A node of a chapter's rendered Markdown: the small, well-formed subset of XHTML that every
/// exporter knows how to write (EPUB and HTML serialise it, DOCX walks it).
public indirect enum MarkupNode: Sendable, Equatable {
    /// An element with its attributes (only `href` survives sanitising) and children.
    case element(String, attributes: [String: String], children: [MarkupNode])
    /// Text, unescaped.
    case text(String)

    /// An element without attributes.
    public static func element(_ name: String, _ children: [MarkupNode]) -> MarkupNode {
        .element(name, attributes: [:], children: children)
    }

    /// The text of the node and its descendants, tags removed.
    public var plainText: String {
        switch self {
        case .text(let text): text
        case .element(_, _, let children): children.map(\.plainText).joined()
        }
    }

    /// The node as XHTML: escaped text, void elements self-closed, attributes sorted.
    public var xhtml: String {
        var output = ""
        write(to: &output)
        return output
    }

    /// Appends the node's XHTML to `output` (one buffer for a whole chapter).
    public func write(to output: inout String) {
        switch self {
        case .text(let text):
            output += XMLEscaping.text(text)
        case .element(let name, let attributes, let children):
            output += "<" + name
            for key in attributes.keys.sorted() {
                output += " \(key)=\"\(XMLEscaping.attribute(attributes[key] ?? ""))\""
            }
            if children.isEmpty, Self.voidElements.contains(name) {
                output += "/>"
                return
            }
            output += ">"
            for child in children { child.write(to: &output) }
            output += "</\(name)>"
        }
    }

    /// Elements that never have content.
    static let voidElements: Set<String> = ["br", "hr"]
}

extension Array where Element == MarkupNode {
    /// The nodes as one XHTML fragment.
    public var xhtml: String {
        var output = ""
        for node in self { node.write(to: &output) }
        return output
    }
}
