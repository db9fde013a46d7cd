import FolioRetrieval
import FolioTokenizers

/// The sliding-window token optimizer: chooses what goes into a chapter's context so that the
/// most important material is always in and the budget is never exceeded, whatever the input.
///
/// Pure and deterministic: the same materials, budget and options give the same allocation.
///
/// Priorities, highest first: **essential** (title, book summary, instructions, this chapter's
/// outline entry), **high** (the previous chapters within the sliding window, in full; the
/// nearest one by its ending when it does not fit whole), **medium** (summaries of chapters
/// outside the window), **retrieved** passages, **low** (the oldest chapters' summaries merged
/// into one rolling summary when each alone does not fit). After the essentials, the tokens are
/// shared by `ContextRatios`; a share its material does not need goes to summaries first, then
/// to more passages. Text is shortened only at sentence boundaries.
public struct ContextAssembler: Sendable {
    /// Tuning.
    public struct Options: Sendable, Equatable {
        /// The most previous chapters given in full.
        public var windowChapters: Int = 3
        /// How the tokens after the essentials are shared.
        public var ratios = ContextRatios()
        /// The most retrieved passages.
        public var maxPassages: Int = 8
        /// Share of the summaries' tokens kept for individual summaries when older ones must
        /// be merged into the rolling summary.
        public var individualSummaryShare: Double = 0.75
        /// Below this many tokens, a passage or chapter is not worth shortening.
        public var minimumFragmentTokens: Int = 24
        /// When set, the window is only the nearest chapter's ending of at most this many tokens,
        /// and every earlier chapter comes as its summary: a small model given whole chapters
        /// copies them instead of writing the next one. `nil` gives the window in full.
        public var endingOnlyTokens: Int?

        /// Defaults.
        public init() {}
    }

    let counter: any TokenCounter
    let options: Options

    /// Creates an assembler counting tokens with `counter`.
    public init(counter: any TokenCounter, options: Options = Options()) {
        self.counter = counter
        self.options = options
    }

    /// The context for `materials.chapter` within `budget`.
    public func assemble(_ materials: ContextMaterials, budget: ContextBudget) -> ContextAllocation {
        var state = State(remaining: budget.available)

        // Essentials, most indispensable first; shortened only if the budget is tiny.
        let outline = fit(.essential, .outline, chapter: materials.chapter, materials.outlineEntry, keep: .head, in: &state)
        let title = fit(.essential, .title, materials.title, keep: .head, in: &state)
        let instructions = fit(.essential, .instructions, materials.instructions, keep: .head, in: &state)
        let summary = fit(.essential, .summary, materials.bookSummary, keep: .head, in: &state)

        let previous = materials.previousChapters.filter { $0.number < materials.chapter }.sorted { $0.number < $1.number }
        let windowSize = options.endingOnlyTokens == nil ? max(0, options.windowChapters) : min(options.windowChapters, 1)
        let candidates = Array(previous.suffix(windowSize).reversed())
        let passages = Self.rankedPassages(materials.passages, before: materials.chapter)
        let shares = options.ratios.split(state.remaining, hasCore: !candidates.isEmpty, hasRetrieved: !passages.isEmpty,
                                          hasSummaries: previous.count > candidates.count
                                              || (options.endingOnlyTokens != nil && !previous.isEmpty))

        // High: the sliding window, nearest chapter first, as many as fit the core share.
        var window: [ContextSection] = []
        var coreState = State(remaining: min(shares.core, state.remaining, options.endingOnlyTokens ?? .max))
        for chapter in candidates {
            let whole = section(.high, .chapter, chapter: chapter.number, chapter.text)
            if whole.tokens <= coreState.remaining {
                coreState.take(whole)
                window.append(whole)
            } else {
                if window.isEmpty, coreState.remaining >= options.minimumFragmentTokens,
                   let ending = fit(.high, .chapter, chapter: chapter.number, chapter.text, keep: .tail, in: &coreState) {
                    window.append(ending)
                }
                break
            }
        }
        state.remaining -= coreState.used

        // Retrieved: best passages outside the window, within their share.
        var inWindow = Set(window.compactMap(\.chapter))
        var retrievedState = State(remaining: min(shares.retrieved, state.remaining))
        var retrieved: [ContextSection] = []
        let outsideWindow = passages.filter { !inWindow.contains($0.chapter) }
        let nextPassage = addPassages(outsideWindow, from: 0, to: &retrieved, in: &retrievedState)
        state.remaining -= retrievedState.used

        // Room that the summaries of the chapters outside the window do not need widens the
        // window, nearest chapters first (so under contention the shares hold).
        if options.endingOnlyTokens == nil, let nearest = window.first, !nearest.truncated, window.count < candidates.count {
            let summaryCosts = Dictionary(uniqueKeysWithValues: previous.map { chapter in
                (chapter.number, chapter.summary.map { section(.medium, .chapterSummary, chapter: chapter.number, $0).tokens } ?? 0)
            })
            for chapter in candidates.dropFirst(window.count) {
                let whole = section(.high, .chapter, chapter: chapter.number, chapter.text)
                let demand = summaryCosts.filter { !inWindow.contains($0.key) && $0.key != chapter.number }.values.reduce(0, +)
                guard whole.tokens <= state.remaining - demand else { break }
                state.remaining -= whole.tokens
                window.append(whole)
                inWindow.insert(chapter.number)
            }
            // Passages of chapters now in full are redundant.
            for passage in retrieved where inWindow.contains(passage.chapter ?? 0) { state.remaining += passage.tokens }
            retrieved.removeAll { inWindow.contains($0.chapter ?? 0) }
        }
        let eligible = outsideWindow.dropFirst(nextPassage).filter { !inWindow.contains($0.chapter) }

        // Medium and low: summaries of everything outside the window, with all that is left.
        var summaryState = State(remaining: state.remaining)
        // With only an ending in the window, that chapter's summary says what the ending leaves out.
        let outside = options.endingOnlyTokens != nil ? previous : previous.filter { !inWindow.contains($0.number) }
        let summaries = summarySections(outside, in: &summaryState)
        state.remaining -= summaryState.used

        // Whatever is still free goes to more passages.
        if !eligible.isEmpty, state.remaining >= options.minimumFragmentTokens {
            var extra = State(remaining: state.remaining)
            _ = addPassages(eligible, from: 0, to: &retrieved, in: &extra)
            state.remaining -= extra.used
        }

        let ordered = [title, summary, instructions].compactMap { $0 }
            + summaries
            + retrieved.sorted { ($0.chapter ?? 0, $0.text) < ($1.chapter ?? 0, $1.text) }
            + window.sorted { ($0.chapter ?? 0) < ($1.chapter ?? 0) }
            + [outline].compactMap { $0 }
        let total = ordered.reduce(0) { $0 + $1.tokens }
        return ContextAllocation(budget: budget.available, totalTokens: total, sections: ordered,
                                 window: window.compactMap(\.chapter).sorted())
    }

    // MARK: - Sections

    /// Tokens left and used while filling one share.
    struct State {
        var remaining: Int
        var used = 0

        mutating func take(_ section: ContextSection) {
            remaining -= section.tokens
            used += section.tokens
        }
    }

    private func section(_ priority: ContextPriority, _ kind: ContextSection.Kind, chapter: Int? = nil, _ text: String,
                         truncated: Bool = false) -> ContextSection {
        var section = ContextSection(priority: priority, kind: kind, chapter: chapter, tokens: 0, text: text, truncated: truncated)
        section.tokens = counter.count(section.rendered)
        return section
    }

    /// The section with `text` whole, or shortened at a sentence boundary, if it fits; taken from `state`.
    private func fit(_ priority: ContextPriority, _ kind: ContextSection.Kind, chapter: Int? = nil, _ text: String,
                     keep: SentenceTruncator.Keep, in state: inout State) -> ContextSection? {
        let text = text.trimmingWhitespace()
        guard !text.isEmpty, state.remaining > 0 else { return nil }
        let whole = section(priority, kind, chapter: chapter, text)
        if whole.tokens <= state.remaining {
            state.take(whole)
            return whole
        }
        let heading = section(priority, kind, chapter: chapter, text, truncated: true).heading
        guard let short = SentenceTruncator.truncate(text, keep: keep, limit: state.remaining, cost: {
            counter.count(ContextSection.render(heading: heading, text: $0))
        }) else { return nil }
        let result = section(priority, kind, chapter: chapter, short, truncated: true)
        guard result.tokens <= state.remaining else { return nil }
        state.take(result)
        return result
    }

    private func addPassages(_ passages: [RetrievedPassage], from start: Int, to sections: inout [ContextSection],
                             in state: inout State) -> Int {
        var index = start
        while index < passages.count, sections.count < options.maxPassages, state.remaining > 0 {
            let passage = passages[index]
            index += 1
            let whole = section(.retrieved, .retrieved, chapter: passage.chapter, passage.text)
            if whole.tokens <= state.remaining {
                state.take(whole)
                sections.append(whole)
            } else if state.remaining >= options.minimumFragmentTokens,
                      let short = fit(.retrieved, .retrieved, chapter: passage.chapter, passage.text, keep: .head, in: &state) {
                sections.append(short)
            }
        }
        return index
    }

    /// Individual summaries, nearest first, for as many chapters as fit; the older rest merged
    /// into one rolling summary.
    private func summarySections(_ chapters: [ContextMaterials.Chapter], in state: inout State) -> [ContextSection] {
        let known = chapters.compactMap { chapter in
            chapter.summary.map { (number: chapter.number, text: $0.trimmingWhitespace()) }
        }.filter { !$0.text.isEmpty }
        guard !known.isEmpty, state.remaining > 0 else { return [] }
        let individual = known.map { section(.medium, .chapterSummary, chapter: $0.number, $0.text) }
        if individual.reduce(0, { $0 + $1.tokens }) <= state.remaining {
            individual.forEach { state.take($0) }
            return individual
        }
        var ownShare = State(remaining: Int(Double(state.remaining) * options.individualSummaryShare))
        var kept: [ContextSection] = []
        for candidate in individual.reversed() {
            guard candidate.tokens <= ownShare.remaining else { break }
            ownShare.take(candidate)
            kept.append(candidate)
        }
        state.remaining -= ownShare.used
        let merged = known.dropLast(kept.count)
        var result: [ContextSection] = []
        if let last = merged.last {
            let text = merged.map { "Chapter \($0.number): \(Self.firstSentence(of: $0.text))" }.joined(separator: " ")
            if let rolling = fit(.low, .rollingSummary, chapter: last.number, text, keep: .head, in: &state) {
                result.append(rolling)
            }
        }
        state.used += ownShare.used
        return result + kept.reversed()
    }

    // MARK: - Helpers

    /// Passages of chapters before `chapter`, best first, one per chunk; ties broken by position
    /// so the order is deterministic.
    static func rankedPassages(_ passages: [RetrievedPassage], before chapter: Int) -> [RetrievedPassage] {
        var seen = Set<[Int]>()
        return passages
            .filter { $0.chapter < chapter && !$0.text.trimmingWhitespace().isEmpty }
            .sorted { ($1.score, $0.chapter, $0.chunk) < ($0.score, $1.chapter, $1.chunk) }
            .filter { seen.insert([$0.chapter, $0.chunk]).inserted }
    }

    /// The first sentence of `text` (all of it if it has one sentence).
    static func firstSentence(of text: String) -> String {
        guard let first = SentenceTruncator.sentenceBoundaries(text).first else { return text }
        return String(text[..<first.end])
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var slice = self[...]
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return String(slice)
    }
}
