/// A format Folio exports books or posts to.
public enum ExportFormat: String, Sendable, CaseIterable {
    /// One Markdown file (a book) or one Markdown page with front matter (a post).
    case markdown
    /// An EPUB 3.3 publication.
    case epub
    /// One self-contained HTML file.
    case html
    /// A Word (WordprocessingML) document.
    case docx
    /// Plain text ready to paste into LinkedIn.
    case linkedin
    /// RFC 4180 CSV, one row per post.
    case csv
    /// A folder of Markdown pages plus a CSV database, for Notion's importer.
    case notion
    /// Buffer's bulk-upload CSV, in files of at most 100 rows.
    case buffer

    /// Formats a book can be exported to.
    public static let bookFormats: [ExportFormat] = [.markdown, .epub, .html, .docx]
    /// Formats posts can be exported to.
    public static let postFormats: [ExportFormat] = [.linkedin, .markdown, .csv, .notion, .buffer]
}
