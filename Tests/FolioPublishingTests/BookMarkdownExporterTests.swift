#if canImport(FoundationXML)
import FoundationXML
#endif
import FolioPublishing
import FolioTesting
import Foundation
import Testing

/// Markdown and HTML book exports: title page, a table of contents whose links land on their
/// chapters, chapters in order.
@Suite struct BookMarkdownExporterTests {
    static func book(in directory: TemporaryDirectory, title: String, chapters: Int) throws -> PublishableBook {
        try PublishableBook.load(folder: PublishingFixtures.book(in: directory, title: title, chapters: chapters),
                                 author: "Ada Keeper").book
    }

    /// Every `href="#…"` in `html` and every `id="…"`.
    static func anchors(_ html: String) -> (links: [String], ids: Set<String>) {
        func captures(_ pattern: String) -> [String] {
            let regex = try! NSRegularExpression(pattern: pattern)
            return regex.matches(in: html, range: NSRange(html.startIndex..., in: html)).compactMap {
                Range($0.range(at: 1), in: html).map { String(html[$0]) }
            }
        }
        return (captures(##"href="#([^"]*)""##), Set(captures(#"id="([^"]*)""#)))
    }

    @Test(.enabled(if: PublishingValidators.pandoc != nil, "pandoc not installed: run scripts/setup"))
    func everyContentsLinkLandsOnItsChapterInPandocsGitHubMarkdown() async throws {
        try await withTemporaryDirectory { directory in
            // Titles repeat (five distinct over seven chapters) and hold punctuation; chapters
            // have headings of their own: identifiers must still match.
            let book = try Self.book(in: directory, title: #"Tides <&> "Keepers""#, chapters: 7)
            let markdown = BookMarkdownExporter().markdown(book)
            let result = try PublishingValidators.run(PublishingValidators.pandoc!, ["-f", "gfm", "-t", "html"],
                                                      input: Data(markdown.utf8))
            #expect(result.status == 0, "\(result.stderr)")
            let (links, ids) = Self.anchors(result.stdout)
            #expect(links.count == 7)
            for link in links { #expect(ids.contains(link), "#\(link) has no target in \(ids.sorted())") }
            // Each link targets its own chapter's heading.
            for (chapter, link) in zip(book.chapters, links) {
                #expect(result.stdout.contains("<h2 id=\"\(link)\">Chapter \(chapter.number):"))
            }
            #expect(markdown.hasPrefix("# Tides \\<\\&\\> \"Keepers\"\n\n*by Ada Keeper*\n"))
            #expect(result.stdout.contains("&lt;b&gt;nothing&lt;/b&gt;"), "raw HTML stays text")
            let positions = book.chapters.map { markdown.range(of: "## \($0.heading.replacingOccurrences(of: "&", with: "\\&").replacingOccurrences(of: "<", with: "\\<").replacingOccurrences(of: ">", with: "\\>"))")?.lowerBound }
            #expect(positions.allSatisfy { $0 != nil })
            #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted(), "chapters in order")
        }
    }

    @Test func htmlIsOneSelfContainedWellFormedFileWithWorkingContents() async throws {
        try await withTemporaryDirectory { directory in
            let book = try Self.book(in: directory, title: "One File", chapters: 4)
            let cover = CoverImage(data: EPUBExporterTests.onePixelPNG, mediaType: "image/png")
            let html = HTMLExporter(cover: cover).html(book)
            let (links, ids) = Self.anchors(html)
            #expect(links.count == 4)
            #expect(links.allSatisfy { ids.contains($0) })
            #expect(html.contains("<style>") && !html.contains("<link"))
            #expect(html.contains("src=\"data:image/png;base64,"))
            let sources = html.components(separatedBy: "src=\"").dropFirst().map { $0.prefix(5) }
            #expect(sources.allSatisfy { $0 == "data:" }, "every image is embedded")
            let xml = html.replacingOccurrences(of: "<!DOCTYPE html>", with: "")
            let parser = XMLParser(data: Data(xml.utf8))
            #expect(parser.parse(), "\(String(describing: parser.parserError))")
        }
    }
}
