import Foundation

extension BookPipeline {
    /// The chapter body to save and its safety record, from `options.chapterReviewer` (the body
    /// as written and no record when there is none, or when it fails).
    func review(_ body: String, number: Int, of book: Book,
                onEvent: @Sendable (BookEvent) -> Void) async throws -> (String, ChapterSafety?) {
        guard let reviewer = options.chapterReviewer else { return (body, nil) }
        let earlier = book.chapters.prefix(number - 1).compactMap { record in
            store.readChapter(file: record.file, slug: book.slug).map {
                ChapterDraft.EarlierChapter(number: record.number, file: record.file, text: $0)
            }
        }
        do {
            let review = try await reviewer.review(
                ChapterDraft(slug: book.slug, number: number, text: body, earlierChapters: earlier))
            review.notices.forEach { onEvent(.notice($0)) }
            return (review.text.isEmpty ? body : review.text, review.safety)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            onEvent(.notice("warning: chapter \(number) is saved unchecked: its safety check failed (\(error))"))
            return (body, nil)
        }
    }
}
