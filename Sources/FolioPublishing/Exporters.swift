/// The exporter for each format, so every command that exports (`folio export`, `folio batch`)
/// writes the same bytes.
public enum Exporters {
    /// What book exporters may be given.
    public struct BookOptions: Sendable {
        /// A cover image (EPUB and HTML).
        public var cover: CoverImage?

        /// Options with defaults.
        public init(cover: CoverImage? = nil) {
            self.cover = cover
        }
    }

    /// What post exporters may be given.
    public struct PostOptions: Sendable {
        /// A UTF-8 byte-order mark on CSV (`--excel`).
        public var byteOrderMark = false
        /// Buffer posting times.
        public var schedule: BufferSchedule?
        /// LinkedIn's rules, for every format that carries the post's text.
        public var formatter = LinkedInFormatter()

        /// Options with defaults.
        public init(byteOrderMark: Bool = false, schedule: BufferSchedule? = nil) {
            self.byteOrderMark = byteOrderMark
            self.schedule = schedule
        }
    }

    /// The book exporter for `format`; posts-only formats are refused.
    public static func book(_ format: ExportFormat, options: BookOptions = BookOptions()) throws
        -> any Exporter<PublishableBook> {
        switch format {
        case .markdown: BookMarkdownExporter()
        case .epub: EPUBExporter(cover: options.cover)
        case .html: HTMLExporter(cover: options.cover)
        case .docx: DOCXExporter()
        case .linkedin, .csv, .notion, .buffer: throw PublishingError.notForBooks(format.rawValue)
        }
    }

    /// The posts exporter for `format`; books-only formats are refused.
    public static func posts(_ format: ExportFormat, options: PostOptions = PostOptions()) throws
        -> any Exporter<[Post]> {
        switch format {
        case .linkedin: LinkedInExporter(formatter: options.formatter)
        case .markdown: PostMarkdownExporter()
        case .csv: PostCSVExporter(byteOrderMark: options.byteOrderMark, formatter: options.formatter)
        case .notion: NotionExporter(formatter: options.formatter)
        case .buffer: BufferExporter(schedule: options.schedule, formatter: options.formatter)
        case .epub, .html, .docx: throw PublishingError.notForPosts(format.rawValue)
        }
    }
}
