import FolioContext
import FolioProviders
import FolioRetrieval
import FolioTokenizers
import Foundation

/// Builds the context of one chapter of a saved book: reads the earlier chapters from the
/// store, gathers summaries and passages, and lets `ContextAssembler` choose what fits the
/// model's window once the answer and the prompt's own text have their room.
public struct ChapterContextBuilder: Sendable {
    /// Counts tokens as the strictest tier would.
    public let counter: any TokenCounter
    /// The model's context window, in tokens.
    public let contextWindow: Int
    /// The assembler's tuning.
    public let options: ContextAssembler.Options
    /// Summaries and passages.
    public let gatherer: ContextGatherer

    /// Whether contexts carry passages retrieved from earlier chapters.
    public var retrievesPassages: Bool { gatherer.retriever != nil && gatherer.passageLimit > 0 }

    /// Tokens a chat template adds around each message (role markers, separators).
    static let tokensPerMessage = 8

    /// Creates a builder.
    public init(counter: any TokenCounter, contextWindow: Int, options: ContextAssembler.Options = .init(),
                summaries: (any ChapterSummaries)? = nil, retriever: (any PassageRetriever)? = nil) {
        self.counter = counter
        self.contextWindow = contextWindow
        self.options = options
        self.gatherer = ContextGatherer(summaries: summaries, retriever: retriever, passageLimit: options.maxPassages)
    }

    /// The context for chapter `number`, and warnings about material that could not be had.
    ///
    /// - Parameters:
    ///   - query: what to retrieve passages for; the chapter's plan when `nil`.
    ///   - maxTokens: the tokens the sections may use, instead of what the window leaves.
    public func build(chapter number: Int, of book: Book, store: BookStore, query: String? = nil,
                      maxTokens: Int? = nil) async throws -> (ContextAllocation, [String]) {
        let entry = book.outline[number - 1]
        let base = materials(chapter: number, of: book, store: store)
        var budget = budget(chapter: number, of: book)
        if let maxTokens {
            budget = ContextBudget(contextWindow: maxTokens, reservedForResponse: 0, scaffolding: 0)
        }
        let assembler = ContextAssembler(counter: counter, options: options)
        // Passages first, with the outline's summaries standing in; then stored summaries only for
        // the chapters the draft leaves outside the window (each costs a model call the first time).
        var (materials, warnings) = try await gatherer.gather(base, query: query ?? "\(entry.title). \(entry.summary)",
                                                              summariesOf: [])
        let draft = assembler.assemble(materials, budget: budget)
        let nearest = number - 1
        let wanted = Set(materials.previousChapters.map(\.number)).subtracting(draft.window).subtracting([nearest])
        guard !wanted.isEmpty, gatherer.summaries != nil else { return (draft, warnings) }
        let (summarised, more) = try await gatherer.gather(materials, query: "", summariesOf: wanted)
        materials = summarised
        warnings += more
        return (assembler.assemble(materials, budget: budget), warnings)
    }

    /// The window less the answer's tokens and the prompt's fixed text.
    public func budget(chapter number: Int, of book: Book) -> ContextBudget {
        let empty = ContextAllocation(budget: 0, totalTokens: 0, sections: [], window: [])
        let scaffolding = BookPrompts.chapter(book: book, number: number, context: empty)
            .reduce(0) { $0 + counter.count($1.content) + Self.tokensPerMessage }
        return ContextBudget(contextWindow: contextWindow,
                             reservedForResponse: BookPipeline.chapterTokenLimit(words: book.wordsPerChapter),
                             scaffolding: scaffolding)
    }

    /// The book's essentials and the saved text of every chapter before `number` (the outline's
    /// one-line summary stands for a chapter until the summary store gives a better one).
    ///
    /// The book's summary leaves out the plan sentences of this chapter and those before it: the
    /// prompt gives them already (the task, "Earlier: …"), and a small window's book summary is
    /// made of the plan's own sentences. Given one sentence two or three times in a prompt, the
    /// bundled model wrote it back as its chapter, draw after draw.
    func materials(chapter number: Int, of book: Book, store: BookStore) -> ContextMaterials {
        var previous: [ContextMaterials.Chapter] = []
        for record in book.chapters.prefix(number - 1) {
            guard let text = store.readChapter(file: record.file, slug: book.slug) else { continue }
            let body = Self.body(of: text)
            guard !body.isEmpty else { continue }
            previous.append(.init(number: record.number, text: body, summary: book.outline[record.number - 1].summary))
        }
        let entry = book.outline[number - 1]
        var summary = book.summary
        for told in book.outline.prefix(number).map({ Outline.ended($0.summary) }) where !told.isEmpty {
            summary = summary.replacingOccurrences(of: told, with: "")
        }
        summary = summary.split(separator: " ").joined(separator: " ")
        return ContextMaterials(title: book.title, bookSummary: summary, instructions: book.instructions,
                                chapter: number, outlineEntry: "Chapter \(number), \"\(entry.title)\": \(entry.summary)",
                                previousChapters: previous)
    }

    /// A chapter file's text without its `# Chapter N: Title` heading.
    static func body(of text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)[...]
        if let first = lines.first, first.hasPrefix("# ") { lines = lines.dropFirst() }
        return lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
