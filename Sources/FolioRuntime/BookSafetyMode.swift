/// How `folio generate --safety` checks chapters.
public enum BookSafetyMode: String, Sendable, Equatable, CaseIterable {
    /// No check.
    case off
    /// Check each chapter and keep the report in `book.json`; the text is saved as written.
    case report
    /// Check, then rewrite through the model what fails (contradictions of earlier chapters;
    /// with sources, every unsupported claim), re-check, and save the rewritten chapter.
    case rewrite
}
