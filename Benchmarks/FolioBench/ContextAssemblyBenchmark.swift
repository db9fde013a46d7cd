import FolioContext
import FolioCore
import FolioRetrieval
import FolioTesting
import FolioTokenizers
import Foundation

/// Context assembly for chapter 100 of a 100-chapter book (99 chapters of ~800 words written,
/// their summaries cached, 10 retrieved passages) within the local model's 4096-token window:
/// gathering (cached summaries, passages) plus `ContextAssembler`, median of 20 runs.
///
/// Baseline: the naive approach's first step, counting the tokens of every earlier chapter in
/// full, measured in the same run with the same tokenizer. Goal: under 20 ms.
func runContextAssemblyBenchmark() async throws -> [BenchmarkFigure] {
    let tokenizer = try Cl100kTokenizer(
        ranksFile: FolioBinary.packageRoot.appendingPathComponent("models/cl100k_base.tiktoken").path)
    var generator = ProseGenerator()
    let chapters = (1...99).map { number in
        ContextMaterials.Chapter(number: number, text: generator.chapter(words: 800), summary: nil)
    }
    var summaries: [Int: String] = [:]
    for chapter in chapters { summaries[chapter.number] = (0..<4).map { _ in generator.sentence() }.joined(separator: " ") }
    let passages = (0..<10).map { index in
        RetrievedPassage(chapter: 1 + (index * 37) % 97, chunk: index, score: 1 - Double(index) / 20,
                         text: (0..<5).map { _ in generator.sentence() }.joined(separator: " "))
    }
    let base = ContextMaterials(
        title: "The Hundred Tides", bookSummary: "A harbour town keeps a century of secrets. One keeper writes them down.",
        instructions: "Literary fiction; close third person; past tense.", chapter: 100,
        outlineEntry: "Chapter 100, \"Low Water\": the last secret surfaces.", previousChapters: chapters)
    let gatherer = ContextGatherer(summaries: CachedSummaries(summaries: summaries),
                                   retriever: FixedPassages(passages: passages), passageLimit: 10)
    let budget = ContextBudget(contextWindow: 4096, reservedForResponse: 1184, scaffolding: 180)
    let local = try GGUFTokenizer(
        ggufFile: FolioBinary.packageRoot.appendingPathComponent(Settings.LocalModel.bundledModelPath).path)
    var figures: [BenchmarkFigure] = []
    for (label, counter) in [("cl100k x1.2", ScaledTokenCounter(tokenizer, margin: 1.2) as any TokenCounter),
                             ("local model's own tokenizer", local as any TokenCounter)] {
        let assembler = ContextAssembler(counter: counter)
        var times: [Double] = []
        var allocation: ContextAllocation?
        for _ in 0..<20 {
            let started = ContinuousClock.now
            let (materials, _) = try await gatherer.gather(base, query: "the last secret surfaces")
            allocation = assembler.assemble(materials, budget: budget)
            times.append((ContinuousClock.now - started).milliseconds)
        }
        guard let allocation, allocation.totalTokens <= allocation.budget else {
            throw BenchmarkFailure("the context overflowed its budget")
        }
        var baselineTimes: [Double] = []
        for _ in 0..<5 {
            let started = ContinuousClock.now
            var total = 0
            for chapter in chapters { total &+= counter.count(chapter.text) }
            precondition(total > 0)
            baselineTimes.append((ContinuousClock.now - started).milliseconds)
        }
        figures.append(BenchmarkFigure(
            name: "context assembly, chapter 100 of 100, \(label) (\(allocation.totalTokens)/\(allocation.budget) tokens, "
                + "\(allocation.sections.count) sections, goal < 20 ms; baseline: counting every earlier chapter)",
            value: BenchmarkFigure.median(times), unit: "ms", baseline: BenchmarkFigure.median(baselineTimes)))
    }
    return figures
}

/// Summaries already in the store: no model call.
private struct CachedSummaries: ChapterSummaries {
    let summaries: [Int: String]
    func summary(ofChapter number: Int, text: String) async throws -> String { summaries[number] ?? "" }
}

private struct FixedPassages: PassageRetriever {
    let passages: [RetrievedPassage]
    func passages(for query: String, excluding excludedChapters: Set<Int>, limit: Int) async throws -> [RetrievedPassage] {
        Array(passages.filter { !excludedChapters.contains($0.chapter) }.prefix(limit))
    }
}

/// Deterministic varied prose.
private struct ProseGenerator {
    static let words = ["rain", "harbour", "Elena", "lantern", "quietly", "remembered", "the", "old", "map", "river",
                        "stone", "whispered", "city", "across", "north", "gate", "captain", "letters", "silver",
                        "morning", "storm", "bridge", "promise", "forgotten", "1847", "café", "towers", "she", "they",
                        "walked", "beneath", "and", "but", "because", "never", "tide", "keeper", "secret"]
    var seed: UInt64 = 7

    mutating func next(_ bound: Int) -> Int {
        seed = seed &* 6364136223846793005 &+ 1442695040888963407
        return Int((seed >> 33) % UInt64(bound))
    }

    mutating func sentence() -> String {
        var parts = (0..<(5 + next(18))).map { _ in Self.words[next(Self.words.count)] }
        parts[0] = parts[0].prefix(1).uppercased() + parts[0].dropFirst()
        return parts.joined(separator: " ") + [".", ".", "!", "?"][next(4)]
    }

    mutating func chapter(words: Int) -> String {
        var paragraphs: [String] = []
        var count = 0
        while count < words {
            let paragraph = (0..<(2 + next(5))).map { _ in sentence() }
            count += paragraph.reduce(0) { $0 + $1.split(separator: " ").count }
            paragraphs.append(paragraph.joined(separator: " "))
        }
        return paragraphs.joined(separator: "\n\n")
    }
}
