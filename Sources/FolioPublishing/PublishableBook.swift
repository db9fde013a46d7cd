import FolioBooks
import FolioCore
import Foundation
import Synchronization

/// A book as exporters see it: what goes on the title page and the finished chapters, in order.
public struct PublishableBook: Sendable, Equatable {
    /// The title.
    public var title: String
    /// The author shown on the title page and in the metadata.
    public var author: String
    /// BCP 47 language tag (`en`, `zh`, …).
    public var language: String
    /// A stable identifier: the same book always gets the same one (`urn:uuid:…`).
    public var identifier: String
    /// When the book last changed; every date inside an export is this one, so the same book
    /// exports to the same bytes.
    public var modified: Date
    /// A short description, from the outline's summary.
    public var summary: String
    /// The finished chapters, in order.
    public var chapters: [PublishableChapter]
    /// The file-name stem exports default to: the book's folder name.
    public var slug: String

    /// Creates a book to export; `slug` defaults to one made from the title.
    public init(title: String, author: String, language: String, identifier: String, modified: Date,
                summary: String = "", chapters: [PublishableChapter], slug: String? = nil) {
        self.slug = slug ?? Slug.make(title)
        self.title = title
        self.author = author
        self.language = language
        self.identifier = identifier
        self.modified = modified
        self.summary = summary
        self.chapters = chapters
    }
}

/// One finished chapter of a ``PublishableBook``.
public struct PublishableChapter: Sendable, Equatable {
    /// 1-based chapter number.
    public var number: Int
    /// The chapter's title (without "Chapter N").
    public var title: String
    /// The chapter's Markdown body, without the heading Folio writes at its top.
    public var markdown: String

    /// Creates a chapter.
    public init(number: Int, title: String, markdown: String) {
        self.number = number
        self.title = title
        self.markdown = markdown
    }

    /// "Chapter N: Title", as the chapter's heading reads.
    public var heading: String { "Chapter \(number): \(title)" }

    /// The chapter's body as ``MarkupNode``s, its own headings below the chapter heading.
    public var nodes: [MarkupNode] { MarkdownMarkup.nodes(from: markdown, minimumHeadingLevel: 2) }
}

extension PublishableBook {
    /// Every chapter's ``PublishableChapter/nodes``, in order, rendered on every core: Markdown
    /// rendering is most of an export's time.
    public func renderedChapters() -> [[MarkupNode]] {
        mapRenderedChapters { _, nodes in nodes }
    }

    /// `transform` of every chapter and its rendered nodes, in order, run on every core, so an
    /// exporter's own per-chapter work (writing XHTML, say) shares the cores with the rendering.
    public func mapRenderedChapters<Value: Sendable>(
        _ transform: @Sendable (PublishableChapter, [MarkupNode]) -> Value
    ) -> [Value] {
        let chapters = chapters
        let results = Mutex([Value?](repeating: nil, count: chapters.count))
        DispatchQueue.concurrentPerform(iterations: chapters.count) { index in
            let value = transform(chapters[index], chapters[index].nodes)
            results.withLock { $0[index] = value }
        }
        return results.withLock { $0 }.map { $0! }
    }

    /// Loads the book in `folder` (a Folio book: `book.json` and `chapters/`).
    ///
    /// Only complete chapters are included; `skipped` lists those left out. A book with no
    /// finished chapter is bad input.
    public static func load(folder: String, author: String? = nil, modified: Date? = nil) throws
        -> (book: PublishableBook, skipped: [Int]) {
        let manifest = try BookStore.load(folder: folder)
        let base = URL(fileURLWithPath: folder, isDirectory: true)
        var chapters: [PublishableChapter] = []
        var skipped: [Int] = []
        for record in manifest.chapters {
            let url = base.appendingPathComponent(record.file)
            guard record.status == .complete,
                  let text = try? String(contentsOf: url, encoding: .utf8) else {
                skipped.append(record.number)
                continue
            }
            chapters.append(PublishableChapter(number: record.number, title: record.title,
                                               markdown: Self.body(of: text)))
        }
        guard !chapters.isEmpty else {
            throw PublishingError.noFinishedChapter(folder)
        }
        let book = PublishableBook(
            title: manifest.title,
            author: author ?? "Folio",
            language: LanguageTag.bcp47(manifest.language),
            identifier: StableIdentifier.urn(for: "book:\(manifest.slug):\(manifest.createdAt)"),
            modified: modified ?? PublicationDate.parse(manifest.updatedAt) ?? Date(timeIntervalSince1970: 0),
            summary: manifest.summary,
            chapters: chapters,
            slug: manifest.slug)
        return (book, skipped)
    }

    /// A chapter file without the `# Chapter N: Title` line Folio writes at its top.
    static func body(of text: String) -> String {
        let trimmed = text.drop { $0 == "\n" || $0 == " " }
        guard trimmed.hasPrefix("# ") else { return String(trimmed) }
        let rest = trimmed.drop { $0 != "\n" }
        return String(rest.drop { $0 == "\n" })
    }
}
