/// Checks a finished chapter before it is saved and may change its text: the book pipeline's
/// hook for the safety chain (continuity against earlier chapters, faithfulness to sources).
///
/// The pipeline calls it once per chapter, after the chapter is written and shown and before
/// its file is saved. A reviewer that throws does not cost the chapter: it is saved as written,
/// with a notice.
public protocol ChapterReviewer: Sendable {
    /// The review of `draft`: the text to save and the record kept in `book.json`.
    func review(_ draft: ChapterDraft) async throws -> ChapterReview
}

/// A chapter as written, with what it should agree with.
public struct ChapterDraft: Sendable {
    /// An earlier chapter of the same book, as saved.
    public struct EarlierChapter: Sendable, Equatable {
        /// 1-based chapter number.
        public var number: Int
        /// Path of the chapter file, relative to the book folder.
        public var file: String
        /// The saved text.
        public var text: String

        /// Creates an earlier chapter.
        public init(number: Int, file: String, text: String) {
            self.number = number
            self.file = file
            self.text = text
        }
    }

    /// The book's slug.
    public var slug: String
    /// 1-based chapter number.
    public var number: Int
    /// The chapter's body as written (without its heading).
    public var text: String
    /// The book's chapters before this one that are saved, in order.
    public var earlierChapters: [EarlierChapter]

    /// Creates a draft.
    public init(slug: String, number: Int, text: String, earlierChapters: [EarlierChapter]) {
        self.slug = slug
        self.number = number
        self.text = text
        self.earlierChapters = earlierChapters
    }
}

/// What a reviewer decided: the body to save, the record for `book.json`, notes for the user.
public struct ChapterReview: Sendable {
    /// The chapter's body to save (the draft's when nothing changed).
    public var text: String
    /// The record kept with the chapter in `book.json`.
    public var safety: ChapterSafety
    /// One line each, shown on stderr.
    public var notices: [String]

    /// Creates a review.
    public init(text: String, safety: ChapterSafety, notices: [String] = []) {
        self.text = text
        self.safety = safety
        self.notices = notices
    }
}
