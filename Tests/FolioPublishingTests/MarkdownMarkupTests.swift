#if canImport(FoundationXML)
import FoundationXML
#endif
import FolioPublishing
import Foundation
import Testing

/// Markdown a model writes becomes XHTML every exporter can write: well-formed, escaped, with
/// nothing that points outside the publication but plain web links.
@Suite struct MarkdownMarkupTests {
    static func xhtml(_ markdown: String) -> String {
        MarkdownMarkup.nodes(from: markdown, minimumHeadingLevel: 2).xhtml
    }

    static func isWellFormed(_ fragment: String) -> Bool {
        XMLParser(data: Data("<root>\(fragment)</root>".utf8)).parse()
    }

    static let hostile: [String] = [
        "Tom & Jerry <script>alert('x')</script> &nbsp; &copy; &#x1F600; &",
        "Line one  \nline two\n\n***\n\n---\n\nafter the breaks",
        "---\ntitle: not metadata\n---\n\nBody after dashes.",
        "**bold *both** italic* ~~gone~~ `a < b && c` <br> <hr> <img src=x onerror=alert(1)>",
        "[local](chapter-2.md) [script](javascript:alert(1)) [web](https://example.org/?q=\"x\"&y=<1>) ![alt text](../x.png)",
        "# Top\n\n## Second\n\n###### Deep\n\nControl \u{01} character and \u{FFFE} noncharacter.",
        "| a | b |\n|:--|--:|\n| 1 | <2> |\n",
        "```html\n<div class=\"x\">&amp;</div>\n```\n\n1. one\n2. two\n   - nested <i>\n",
    ]

    @Test(arguments: hostile)
    func everythingComesOutWellFormed(_ markdown: String) {
        let fragment = Self.xhtml(markdown)
        #expect(Self.isWellFormed(fragment), "not well-formed: \(fragment)")
        #expect(!fragment.contains("<script") && !fragment.contains("<img") && !fragment.contains("<div"))
        #expect(!fragment.contains("javascript:") && !fragment.contains("chapter-2.md"))
        #expect(!fragment.contains("<h1"), "a chapter's own headings stay below its title")
    }

    @Test func textIsKeptAsWritten() {
        let fragment = Self.xhtml(Self.hostile[0])
        #expect(fragment == "<p>Tom &amp; Jerry &lt;script&gt;alert('x')&lt;/script&gt; &amp;nbsp; &amp;copy; &amp;#x1F600; &amp;</p>")
        let breaks = Self.xhtml(Self.hostile[1])
        #expect(breaks == "<p>Line one<br/>line two</p><hr/><hr/><p>after the breaks</p>")
        #expect(Self.xhtml(Self.hostile[2]).contains("<p>Body after dashes.</p>"))
        #expect(Self.xhtml(Self.hostile[2]).hasPrefix("<hr/>"), "a leading --- is a rule, not metadata")
        let links = Self.xhtml(Self.hostile[4])
        #expect(links.contains("<a href=\"https://example.org/?q=&quot;x&quot;&amp;y=&lt;1&gt;\">web</a>"))
        #expect(links.contains("local") && links.contains("alt text"))
        let headings = Self.xhtml(Self.hostile[5])
        #expect(headings.hasPrefix("<h2>Top</h2><h2>Second</h2><h6>Deep</h6>"))
        #expect(!headings.contains("\u{01}") && !headings.contains("\u{FFFE}"))
        let code = Self.xhtml(Self.hostile[7])
        #expect(code.contains("<pre><code>&lt;div class=\"x\"&gt;&amp;amp;&lt;/div&gt;\n</code></pre>"))
        #expect(code.contains("<ol><li>one</li><li>two"))
    }
}
