/// Why an export failed, with a message a user can act on.
///
/// Match with `==` against the static members (`error == .outputExists("book.epub")`); every
/// case but ``writeFailed(_:_:)`` is bad input (exit 2, nothing written).
public struct PublishingError: Error, Sendable, Equatable, CustomStringConvertible {
    private enum Kind: Sendable, Equatable {
        case outputExists(String)
        case noFinishedChapter(String)
        case badSourceDateEpoch(String)
        case badCover(String, String)
        case noPost(String)
        case badPost(String, String)
        case badSchedule(String)
        case badInterval(String)
        case notForBooks(String)
        case notForPosts(String)
        case writeFailed(String, String)
    }

    private let kind: Kind

    private init(_ kind: Kind) { self.kind = kind }

    /// The output exists and `--force` was not given.
    public static func outputExists(_ path: String) -> Self { Self(.outputExists(path)) }
    /// The book has no complete chapter.
    public static func noFinishedChapter(_ folder: String) -> Self { Self(.noFinishedChapter(folder)) }
    /// `SOURCE_DATE_EPOCH` is not a whole number of seconds.
    public static func badSourceDateEpoch(_ value: String) -> Self { Self(.badSourceDateEpoch(value)) }
    /// The cover image cannot be read or is not JPEG, PNG, GIF or WebP.
    public static func badCover(_ path: String, _ reason: String) -> Self { Self(.badCover(path, reason)) }
    /// No `post.json` where one was expected.
    public static func noPost(_ path: String) -> Self { Self(.noPost(path)) }
    /// A `post.json` that cannot be read.
    public static func badPost(_ path: String, _ reason: String) -> Self { Self(.badPost(path, reason)) }
    /// `--schedule` is not a `YYYY-MM-DD HH:mm` time.
    public static func badSchedule(_ value: String) -> Self { Self(.badSchedule(value)) }
    /// `--every` is not a duration such as `90m`, `12h`, `1d` or `1w`.
    public static func badInterval(_ value: String) -> Self { Self(.badInterval(value)) }
    /// A posts-only format was asked of a book.
    public static func notForBooks(_ format: String) -> Self { Self(.notForBooks(format)) }
    /// A books-only format was asked of posts.
    public static func notForPosts(_ format: String) -> Self { Self(.notForPosts(format)) }
    /// Writing the output failed (disk full, permissions): a runtime failure, not bad input.
    public static func writeFailed(_ path: String, _ reason: String) -> Self { Self(.writeFailed(path, reason)) }

    /// Whether the user's input is at fault (exit 2) rather than the machine (exit 1).
    public var isBadInput: Bool {
        if case .writeFailed = kind { return false }
        return true
    }

    /// One line saying what went wrong and what to do.
    public var description: String {
        switch kind {
        case .outputExists(let path): "\(path) already exists; pass --force to replace it"
        case .noFinishedChapter(let folder): "\(folder) has no finished chapter to export"
        case .badSourceDateEpoch(let value): "SOURCE_DATE_EPOCH must be whole seconds since 1970, not '\(value)'"
        case .badCover(let path, let reason): "cover \(path): \(reason)"
        case .noPost(let path): "no post.json in \(path)"
        case .badPost(let path, let reason): "\(path) is not a valid post.json: \(reason)"
        case .badSchedule(let value): "--schedule must be a time like '2026-12-03 09:00', not '\(value)'"
        case .badInterval(let value): "--every must be a duration like 90m, 12h, 1d or 1w, not '\(value)'"
        case .notForBooks(let format): "--format \(format) is for posts; books export to markdown, epub, html or docx"
        case .notForPosts(let format): "--format \(format) is for books; posts export to linkedin, markdown, csv, notion or buffer"
        case .writeFailed(let path, let reason): "cannot write \(path): \(reason)"
        }
    }
}
