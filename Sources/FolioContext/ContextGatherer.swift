import FolioRetrieval

/// Fills a chapter's materials from the optional summary store and retriever: summaries of the
/// earlier chapters (generated once, cached by the store) and passages for the chapter's plan.
///
/// Either may be absent (`nil`: the outline's one-line summaries and the sliding window only)
/// or fail; a failure leaves the materials as they were and is reported as a warning, since
/// the chapter can still be written.
public struct ContextGatherer: Sendable {
    /// Source of chapter summaries.
    public var summaries: (any ChapterSummaries)?
    /// Source of passages.
    public var retriever: (any PassageRetriever)?
    /// Passages asked for.
    public var passageLimit: Int

    /// Creates a gatherer.
    public init(summaries: (any ChapterSummaries)?, retriever: (any PassageRetriever)?, passageLimit: Int = 8) {
        self.summaries = summaries
        self.retriever = retriever
        self.passageLimit = passageLimit
    }

    /// The chapters passages for chapter `number` may come from: those before the nearest one,
    /// which is always in the window (none for chapters 1 and 2).
    public static func searchedChapters(for number: Int) -> Range<Int> {
        1..<max(1, number - 1)
    }

    /// `materials` with stored summaries for every chapter before the nearest one, and the
    /// passages best matching `query`; the warnings say what could not be had.
    ///
    /// - Parameter summariesOf: the chapters whose summaries are wanted; `nil` for every chapter
    ///   before the nearest. Summaries cost a model call each the first time, so a caller that
    ///   knows which ones the context will use asks for only those.
    public func gather(_ materials: ContextMaterials, query: String,
                       summariesOf wanted: Set<Int>? = nil) async throws -> (ContextMaterials, [String]) {
        var materials = materials
        var warnings: [String] = []
        if let summaries {
            let nearest = materials.previousChapters.map(\.number).max() ?? 0
            for index in materials.previousChapters.indices
            where wanted?.contains(materials.previousChapters[index].number) ?? (materials.previousChapters[index].number < nearest) {
                try Task.checkCancellation()
                let chapter = materials.previousChapters[index]
                do {
                    let summary = try await summaries.summary(ofChapter: chapter.number, text: chapter.text)
                    if !summary.isEmpty { materials.previousChapters[index].summary = summary }
                } catch is CancellationError {
                    throw CancellationError()
                } catch {
                    warnings.append("no summary of chapter \(chapter.number) (\(error)); using its outline entry")
                }
            }
        }
        if let retriever, passageLimit > 0, !query.isEmpty, !Self.searchedChapters(for: materials.chapter).isEmpty {
            // The chapter itself and the nearest one (always in the window) need no passages.
            let excluded: Set = [materials.chapter, materials.chapter - 1]
            do {
                materials.passages = try await retriever.passages(for: query, excluding: excluded, limit: passageLimit)
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                warnings.append("no retrieved passages (\(error))")
            }
        }
        return (materials, warnings)
    }
}
