import FolioBooks
import FolioContext
import FolioCore
import FolioProviders
import FolioRetrieval
import FolioTelemetry
import FolioTokenizers
import Foundation
import Logging

extension FolioRuntime {
    /// The books folder (`BOOKS_DIR`).
    public func bookStore() -> BookStore {
        BookStore(directory: settings.books.directory)
    }

    /// A request for the book `title`, shaped by `BOOK_LANGUAGE`, `BOOK_CHAPTERS`, `WORDS_PER_CHAPTER`
    /// and `BOOK_KIND`.
    public func bookRequest(title: String, instructions: String) -> BookRequest {
        var request = BookRequest(title: title, instructions: instructions, language: settings.books.language,
                                  chapters: settings.books.chapters, wordsPerChapter: settings.books.wordsPerChapter)
        request.kind = settings.books.kind.flatMap(BookKind.init(rawValue:))
        return request
    }

    /// The pipeline that writes the book `slug`: the chain behind the cache (unless `cached`
    /// is false), the book's retrieval store for indexing, summaries and passages as `RAG_MODE`
    /// says, contexts sized for the strictest tier, and `reviewer` checking each chapter.
    public func pipeline(for slug: String, cached: Bool = true, reviewer: (any ChapterReviewer)? = nil,
                         warn: @escaping @Sendable (String) -> Void) throws -> BookPipeline {
        let store = bookStore()
        let streamer = try streamer(cached: cached)
        let retrieval = try bookRetrieval(folder: store.folder(for: slug).path, slug: slug, chat: streamer, warn: warn)
        let mode = retrieval.retrieverOptions.mode
        var options = bookOptions()
        options.chapterReviewer = reviewer
        return BookPipeline(store: store, chain: streamer, options: options,
                            summaries: mode.usesSummaries ? retrieval : nil,
                            retriever: mode.retrievesPassages ? retrieval : nil,
                            indexer: retrieval, sentenceEncoder: try sentenceMemory())
    }

    /// Writes the book `request` asks for, or resumes it, through `pipeline(for:cached:warn:)`,
    /// logging each saved chapter's quality score (and, when `reviewer` checked it, its safety
    /// confidence and failed-claim rate) as an assessment next to the calls that wrote it (unless
    /// `LOG_GENERATIONS` is off), with this runtime's job id.
    public func writeBook(_ request: BookRequest, cached: Bool = true, reviewer: (any ChapterReviewer)? = nil,
                          warn: @escaping @Sendable (String) -> Void,
                          onEvent: @escaping @Sendable (BookEvent) -> Void) async throws -> Book {
        // The first model call waits on the server, the pipeline's parts on the disk: both at once.
        startLocalModelEarly()
        let pipeline = try pipeline(for: request.slug, cached: cached, reviewer: reviewer, warn: warn)
        let log = settings.logs.generations ? generationLog() : nil
        let command = command
        let jobID = jobID
        return try await pipeline.run(request) { event in
            if case .chapterSaved(let chapter, _) = event, let log, let quality = chapter.quality {
                log.append(GenerationAssessment(command: command, purpose: "chapter:\(request.slug):\(chapter.number)",
                                                jobID: jobID, provider: chapter.provider, quality: quality.score,
                                                safetyConfidence: chapter.safety?.confidence,
                                                unsupportedClaimRate: chapter.safety?.failedClaimRate))
            }
            onEvent(event)
        }
    }

    /// The builder of chapter contexts for the saved book in `folder`, as `folio generate`
    /// would build them: cached summaries only (nothing is generated) and passages when the
    /// book is indexed and `RAG_MODE` retrieves them.
    public func contextBuilder(book folder: String, warn: @escaping @Sendable (String) -> Void) throws
        -> ChapterContextBuilder {
        let options = bookOptions()
        let meta = URL(fileURLWithPath: folder).appendingPathComponent(RetrievalStore.metadataPath).path
        var summaries: (any ChapterSummaries)?
        var retriever: (any PassageRetriever)?
        let retrieverOptions = HybridRetriever.Options(settings)
        if retrieverOptions.mode.usesSummaries, FileManager.default.fileExists(atPath: meta),
           let manifest = try? BookStore.load(folder: folder) {
            let store = try retrievalStore(book: folder, warn: warn)
            summaries = SummaryStore(store: store, chat: CachedSummariesOnly(), slug: manifest.slug)
            if retrieverOptions.mode.retrievesPassages {
                retriever = HybridRetriever(store: store, options: retrieverOptions)
            }
        }
        return ChapterContextBuilder(counter: options.tokenCounter ?? UTF8ByteCounter(),
                                     contextWindow: options.contextWindow, options: options.context,
                                     summaries: summaries, retriever: retriever)
    }

    /// Book tuning, with tokens counted as the strictest tier of the chain counts them: the
    /// bundled model's own tokenizer when it is that tier, else cl100k times the tier's margin
    /// (UTF-8 bytes, an upper bound, if the cl100k file cannot be read).
    public func bookOptions() -> BookPipeline.Options {
        let profiles = settings.tiers.map { TokenProfile($0, settings: settings) }
        let profile = TokenProfile.strictest(of: profiles) ?? TokenProfile(.local, settings: settings)
        var counter: (any TokenCounter)? = nil
        if profile.provider == ProviderName.local.rawValue, settings.local.baseURL == nil {
            counter = try? GGUFTokenizer.shared(ggufFile: settings.local.modelPath)
        }
        if counter == nil {
            do {
                counter = profile.counter(try Cl100kTokenizer.shared(ranksFile: settings.context.cl100kRanksPath))
            } catch {
                logger.warning("counting tokens by UTF-8 bytes: \(error)")
            }
        }
        return BookPipeline.Options(settings, counter: counter, profile: profile)
    }
}

/// A chat streamer that never calls a model, for showing contexts: summaries not cached yet
/// are reported missing and the outline's entries stand in.
private struct CachedSummariesOnly: ChatStreamer {
    func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChainEvent, any Error> {
        AsyncThrowingStream { $0.finish(throwing: FolioError.runtime("not summarised yet")) }
    }
}
