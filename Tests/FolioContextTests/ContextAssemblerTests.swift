@testable import FolioContext
import FolioRetrieval
import FolioTesting
import FolioTokenizers
import Foundation
import Testing

@Suite struct ContextAssemblerTests {
    static let counter = Result {
        try Cl100kTokenizer(ranksFile: FolioBinary.packageRoot.appendingPathComponent("models/cl100k_base.tiktoken").path)
    }

    /// The local model's window: 4096 tokens, 800 words of answer reserved.
    static let localBudget = ContextBudget(contextWindow: 4096, reservedForResponse: 1184, scaffolding: 180)

    @Test func everyChapterOfAThirtyChapterBookFitsItsBudget() throws {
        let counter = try Self.counter.get()
        let assembler = ContextAssembler(counter: counter)
        for chapter in 1...30 {
            let materials = SyntheticBook.materials(chapter: chapter, passages: 6)
            let allocation = assembler.assemble(materials, budget: Self.localBudget)
            #expect(allocation.budget == Self.localBudget.available)
            #expect(allocation.totalTokens <= allocation.budget, "chapter \(chapter)")
            #expect(counter.count(allocation.rendered) <= allocation.budget, "chapter \(chapter)")
            #expect(allocation.totalTokens == allocation.sections.reduce(0) { $0 + $1.tokens })
            let kinds = allocation.sections.filter { $0.priority == .essential }.map(\.kind)
            #expect(kinds == [.title, .summary, .instructions, .outline], "chapter \(chapter)")
            if chapter > 1 {
                // The nearest chapter is always there, whole or by its ending.
                #expect(allocation.window.contains(chapter - 1), "chapter \(chapter)")
            }
            // Every earlier chapter is represented: in the window, by a summary, or in the rolling summary.
            let covered = Set(allocation.window)
                .union(allocation.sections.filter { $0.kind == .chapterSummary }.compactMap(\.chapter))
                .union(allocation.sections.filter { $0.kind == .rollingSummary }.flatMap { 1...($0.chapter ?? 0) })
            #expect(covered.isSuperset(of: 1..<chapter), "chapter \(chapter)")
        }
    }

    @Test func neverExceedsAnyBudget() throws {
        let counter = try Self.counter.get()
        let assembler = ContextAssembler(counter: counter)
        let materials = SyntheticBook.materials(chapter: 12, words: 400, passages: 10)
        for available in stride(from: 0, through: 6000, by: 97) {
            let budget = ContextBudget(contextWindow: available, reservedForResponse: 0, scaffolding: 0)
            let allocation = assembler.assemble(materials, budget: budget)
            #expect(allocation.totalTokens <= available)
            #expect(counter.count(allocation.rendered) <= available, "budget \(available)")
        }
        let negative = ContextBudget(contextWindow: 100, reservedForResponse: 500, scaffolding: 50)
        #expect(assembler.assemble(materials, budget: negative).sections.isEmpty)
    }

    @Test func isDeterministic() throws {
        let assembler = ContextAssembler(counter: try Self.counter.get())
        var materials = SyntheticBook.materials(chapter: 20, passages: 12)
        let first = assembler.assemble(materials, budget: Self.localBudget)
        #expect(first == assembler.assemble(materials, budget: Self.localBudget))
        materials.passages.reverse()
        #expect(first == assembler.assemble(materials, budget: Self.localBudget))
    }

    @Test func largeWindowsKeepRecentChaptersWhole() throws {
        let assembler = ContextAssembler(counter: try Self.counter.get())
        let budget = ContextBudget(contextWindow: 128_000, reservedForResponse: 4000, scaffolding: 200)
        let allocation = assembler.assemble(SyntheticBook.materials(chapter: 10), budget: budget)
        #expect(allocation.window == [7, 8, 9])
        #expect(allocation.sections.filter { $0.kind == .chapter }.allSatisfy { !$0.truncated })
        #expect(allocation.sections.filter { $0.kind == .chapterSummary }.compactMap(\.chapter) == Array(1...6))
        #expect(!allocation.sections.contains { $0.kind == .rollingSummary })
    }

    @Test func theWindowShrinksToTheNearestChaptersEndingWhenTight() throws {
        let assembler = ContextAssembler(counter: try Self.counter.get())
        let materials = SyntheticBook.materials(chapter: 5, words: 1500)
        let allocation = assembler.assemble(materials, budget: Self.localBudget)
        #expect(allocation.window == [4])
        let previous = try #require(allocation.sections.first { $0.kind == .chapter })
        #expect(previous.truncated)
        #expect(previous.priority == .high)
        // The ending is kept, starting at a sentence boundary.
        #expect(materials.previousChapters[3].text.hasSuffix(previous.text))
        let before = materials.previousChapters[3].text.dropLast(previous.text.count)
        #expect(before.last?.isWhitespace == true)
        let trimmed = String(before).trimmingWhitespace()
        #expect([".", "!", "?", "…", "”"].contains(trimmed.last.map(String.init) ?? ""))
    }

    @Test func oldestSummariesMergeIntoARollingSummary() throws {
        let assembler = ContextAssembler(counter: try Self.counter.get())
        let allocation = assembler.assemble(SyntheticBook.materials(chapter: 100, words: 300), budget: Self.localBudget)
        let rolling = try #require(allocation.sections.first { $0.kind == .rollingSummary })
        #expect(rolling.priority == .low)
        #expect(rolling.text.hasPrefix("Chapter 1: "))
        let summaries = allocation.sections.filter { $0.kind == .chapterSummary }.compactMap(\.chapter)
        #expect(!summaries.isEmpty)
        // Individual summaries are the most recent chapters outside the window, in order.
        #expect(summaries == Array((rolling.chapter! + 1)...(allocation.window.min()! - 1)))
        #expect(allocation.totalTokens <= allocation.budget)
    }

    @Test func ratiosShareTheTokensUnderContention() throws {
        let assembler = ContextAssembler(counter: try Self.counter.get())
        let budget = ContextBudget(contextWindow: 3000, reservedForResponse: 0, scaffolding: 0)
        let allocation = assembler.assemble(SyntheticBook.materials(chapter: 60, words: 900, passages: 30), budget: budget)
        let left = budget.available - allocation.tokens(of: .essential)
        #expect(allocation.tokens(of: .high) <= Int(Double(left) * 0.4))
        #expect(allocation.tokens(of: .high) > 0)
        #expect(allocation.tokens(of: .retrieved) <= Int(Double(left) * 0.4))
        #expect(allocation.tokens(of: .retrieved) > 0)
        #expect(allocation.tokens(of: .medium) + allocation.tokens(of: .low) > 0)

        var options = ContextAssembler.Options()
        options.ratios = ContextRatios(core: 0.8, retrieved: 0.1, summaries: 0.1)
        let skewed = ContextAssembler(counter: try Self.counter.get(), options: options)
            .assemble(SyntheticBook.materials(chapter: 60, words: 900, passages: 30), budget: budget)
        #expect(skewed.tokens(of: .high) > allocation.tokens(of: .high))
        #expect(skewed.tokens(of: .retrieved) < allocation.tokens(of: .retrieved))
    }

    @Test func roomTheSummariesDoNotNeedWidensTheWindow() throws {
        let assembler = ContextAssembler(counter: try Self.counter.get())
        // 0.4 of this budget holds one chapter; the summaries need little, so the window grows to three.
        let budget = ContextBudget(contextWindow: 6000, reservedForResponse: 0, scaffolding: 0)
        let allocation = assembler.assemble(SyntheticBook.materials(chapter: 6, words: 700, passages: 4), budget: budget)
        #expect(allocation.window == [3, 4, 5])
        #expect(allocation.tokens(of: .high) > Int(Double(budget.available) * 0.4))
        #expect(!allocation.sections.contains { $0.kind == .retrieved && [3, 4, 5].contains($0.chapter ?? 0) })
        #expect(allocation.sections.filter { $0.kind == .chapterSummary }.compactMap(\.chapter) == [1, 2])
        #expect(allocation.totalTokens <= allocation.budget)
    }

    @Test func passagesFromTheWindowAreLeftOut() throws {
        let assembler = ContextAssembler(counter: try Self.counter.get())
        var materials = SyntheticBook.materials(chapter: 6, words: 200)
        materials.passages = [
            RetrievedPassage(chapter: 5, chunk: 0, score: 0.99, text: "A passage from the window."),
            RetrievedPassage(chapter: 1, chunk: 3, score: 0.5, text: "The lantern was silver."),
            RetrievedPassage(chapter: 1, chunk: 3, score: 0.5, text: "The lantern was silver."),
            RetrievedPassage(chapter: 9, chunk: 0, score: 0.9, text: "From the future."),
        ]
        let budget = ContextBudget(contextWindow: 128_000, reservedForResponse: 0, scaffolding: 0)
        let retrieved = assembler.assemble(materials, budget: budget).sections.filter { $0.kind == .retrieved }
        #expect(retrieved.map(\.text) == ["The lantern was silver."])
        #expect(retrieved.first?.chapter == 1)
    }
}
