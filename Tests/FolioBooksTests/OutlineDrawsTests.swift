import Foundation
import Synchronization
import Testing
import FolioCore
import FolioProviders
@testable import FolioBooks
import FolioTesting

/// A small model's plan drafted several entries at a time: all chapters' first drafts asked
/// together, each chapter keeping its best distinct draft.
@Suite struct OutlineDrawsTests {
    let request = BookRequest(title: "The Keeper", instructions: "A short tale.", language: "English",
                              chapters: 3, wordsPerChapter: 12)

    /// Answers each outline draft by its seed (the order concurrent calls arrive in is not
    /// fixed) and each chapter by its number, and records how many calls were in flight at once.
    final class PlanProvider: LanguageModelProvider {
        let name = "plans"
        let defaultModel = "plans-model"
        var cacheIdentity: String { name }
        let drafts: [Int: String]
        private let state = Mutex((inFlight: 0, most: 0, seeds: [Int?](), order: [String]()))

        init(drafts: [Int: String]) { self.drafts = drafts }

        static let prose = [
            1: "Rain lashed the tower all night while Mara kept the lamp burning for the boats.",
            2: "At dawn she broke the wax seal and read the letter twice by the cold window.",
            3: "Three days later her small boat touched the southern shore where a stranger waited.",
        ]

        var mostInFlight: Int { state.withLock { $0.most } }
        var outlineSeeds: [Int?] { state.withLock { $0.seeds } }
        /// "start SEED" and "end SEED" of every outline call, in the order they happened.
        var outlineOrder: [String] { state.withLock { $0.order } }

        func stream(_ request: ChatRequest) -> AsyncThrowingStream<StreamEvent, any Error> {
            let purpose = request.purpose ?? ""
            let isOutline = purpose.hasPrefix("outline:")
            let reply = isOutline
                ? request.seed.flatMap { drafts[$0] } ?? #"{"title":"The Keeper","summary":"The keeper."}"#
                : Self.prose[Int(String(purpose.suffix(1))) ?? 1] ?? ""
            if isOutline { state.withLock { $0.seeds.append(request.seed) } }
            return AsyncThrowingStream { continuation in
                let task = Task {
                    let seed = request.seed.map(String.init) ?? "-"
                    state.withLock {
                        $0.inFlight += 1
                        $0.most = max($0.most, $0.inFlight)
                        if isOutline { $0.order.append("start \(seed)") }
                    }
                    try? await Task.sleep(for: .milliseconds(isOutline ? 50 : 0))
                    state.withLock {
                        $0.inFlight -= 1
                        if isOutline { $0.order.append("end \(seed)") }
                    }
                    continuation.yield(.text(reply))
                    continuation.yield(.finish(.stop))
                    continuation.finish()
                }
                continuation.onTermination = { _ in task.cancel() }
            }
        }
    }

    /// Seed of draft `attempt` of chapter `number` for the book seed 42.
    func seed(_ number: Int, _ attempt: Int) -> Int { BookPipeline.seed(42, offset: number, attempt: attempt)! }

    func pipeline(_ provider: PlanProvider, in directory: TemporaryDirectory) -> BookPipeline {
        var options = BookPipeline.Options()
        options.seed = 42
        options.plansOutlineByChapter = true
        options.outlineDraws = 2
        options.outlineConcurrency = 4
        return BookPipeline(store: BookStore(directory: directory.path), chain: ProviderChain(tiers: [provider]),
                            options: options)
    }

    /// Repair rounds the pipeline announced, one per chapter drawn again.
    func repairCount(_ log: EventLog) -> Int {
        log.all.filter { if case .repairingOutline = $0 { true } else { false } }.count
    }

    @Test func everyChaptersFirstDraftIsAskedTogetherAndARejectedOneDrawsItsSpare() async throws {
        try await withTemporaryDirectory { directory in
            let night = #"{"title":"Night Watch","summary":"Mara watches a ship vanish in the fog."}"#
            let provider = PlanProvider(drafts: [
                seed(1, 0): night,
                seed(1, 1): #"{"title":"The Fog","summary":"In this chapter, Mara sees fog."}"#,
                seed(2, 0): night,  // a repeat of chapter 1: its spare is kept instead
                seed(2, 1): #"{"title":"The Letter","summary":"Mara reads the letter from the bottle."}"#,
                seed(3, 0): #"{"title":"Homecoming","summary":"Mara rows south and finds the writer alive."}"#,
                seed(3, 1): #"{"title":"Homecoming","summary":"Mara rows south and finds the writer alive."}"#,
            ])
            let book = try await pipeline(provider, in: directory).run(request) { _ in }
            #expect(book.outline.map(\.title) == ["Night Watch", "The Letter", "Homecoming"])
            // Four drafts, no repair round: only chapter 2, a repeat at its first draft, drew its spare.
            #expect(provider.outlineSeeds.count == 4)
            #expect(Set(provider.outlineSeeds) == [seed(1, 0), seed(2, 0), seed(3, 0), seed(2, 1)])
            #expect(provider.mostInFlight > 1, "the drafts were asked one after another")
        }
    }

    @Test func aPlansSummaryIsItsFirstSentenceAloneWhenItsEndsShareWordsAndIsNeverAskedAgain() async throws {
        try await withTemporaryDirectory { directory in
            let provider = PlanProvider(drafts: [
                seed(1, 0): #"{"title":"Night Watch","summary":"Mara watches a ship vanish in the thick fog."}"#,
                seed(2, 0): #"{"title":"The Letter","summary":"Mara reads the letter from the bottle."}"#,
                seed(3, 0): #"{"title":"Homecoming","summary":"Mara rows out in the thick fog and finds the writer alive."}"#,
            ])
            let log = EventLog()
            let book = try await pipeline(provider, in: directory).run(request) { log.append($0) }
            // Joined, the two sentences say "in the thick fog" twice; the model's mended summary
            // of such a plan was worse than the plan ("The Lost One"), so none is asked for.
            #expect(book.summary == "Mara watches a ship vanish in the thick fog.")
            #expect(provider.outlineSeeds.count == 3)
            #expect(repairCount(log) == 0)
        }
    }

    @Test func aLesserFaultIsDrawnAgainOnceThenKeptWithAWarning() async throws {
        try await withTemporaryDirectory { directory in
            // Every draw of chapter 2 gives a title too long to be one (a lesser fault).
            let long = #"{"title":"The Long and Winding Road to the Southern Isle","summary":"Mara reads the letter from the bottle."}"#
            var drafts = Dictionary(uniqueKeysWithValues: (0..<8).map { (seed(2, $0), long) })
            drafts[seed(1, 0)] = #"{"title":"Night Watch","summary":"Mara watches a ship vanish in the fog."}"#
            drafts[seed(3, 0)] = #"{"title":"Homecoming","summary":"Mara rows south and finds the writer alive."}"#
            let provider = PlanProvider(drafts: drafts)
            let log = EventLog()
            let book = try await pipeline(provider, in: directory).run(request) { log.append($0) }
            #expect(book.outline.map(\.title) == ["Night Watch", "The Long and Winding Road to the Southern Isle", "Homecoming"])
            // Three first drafts, chapter 2's spare, one repair round of two: not three rounds.
            #expect(provider.outlineSeeds.count == 6)
            #expect(repairCount(log) == 1)
            #expect(log.all.contains { if case .notice(let line) = $0 { line.contains("outline kept although chapter 2") } else { false } })
        }
    }

    @Test func aChapterWhoseDraftsAllFailIsDrawnAgainTwoAtATime() async throws {
        try await withTemporaryDirectory { directory in
            let night = #"{"title":"Night Watch","summary":"Mara watches a ship vanish in the fog."}"#
            let provider = PlanProvider(drafts: [
                seed(1, 0): night, seed(1, 1): night,
                seed(2, 0): night, seed(2, 1): night,
                seed(2, 2): night, seed(2, 3): #"{"title":"The Letter","summary":"Mara reads the letter from the bottle."}"#,
                seed(3, 0): #"{"title":"Homecoming","summary":"Mara rows south and finds the writer alive."}"#,
            ])
            let log = EventLog()
            let book = try await pipeline(provider, in: directory).run(request) { log.append($0) }
            #expect(book.outline.map(\.title) == ["Night Watch", "The Letter", "Homecoming"])
            #expect(provider.outlineSeeds.count == 6)
            #expect(repairCount(log) == 1)
        }
    }

    @Test func twoChaptersRejectedInOneRoundAreDrawnAgainTogether() async throws {
        try await withTemporaryDirectory { directory in
            // Chapters 1 and 3 get the book's title back on both first drafts.
            let provider = PlanProvider(drafts: [
                seed(2, 0): #"{"title":"The Letter","summary":"Mara reads the letter from the bottle."}"#,
                seed(1, 2): #"{"title":"Night Watch","summary":"Mara watches a ship vanish in the fog."}"#,
                seed(3, 3): #"{"title":"Homecoming","summary":"Mara rows south and finds the writer alive."}"#,
            ])
            let log = EventLog()
            let book = try await pipeline(provider, in: directory).run(request) { log.append($0) }
            #expect(book.outline.map(\.title) == ["Night Watch", "The Letter", "Homecoming"])
            #expect(provider.outlineSeeds.count == 9)
            #expect(repairCount(log) == 2)
            let order = provider.outlineOrder
            let chapterThree = try #require(order.firstIndex(of: "start \(seed(3, 2))"))
            let chapterOne = try #require(order.firstIndex(of: "end \(seed(1, 2))"))
            #expect(chapterThree < chapterOne, "chapter 3 was drawn again only after chapter 1's redraw: \(order)")
        }
    }

    @Test func aRepeatOfAChapterBeingRedrawnWaitsForItsNewPick() async throws {
        try await withTemporaryDirectory { directory in
            // Chapter 1 keeps a draft that talks about the chapter, and chapter 2's drafts share its
            // title: once chapter 1 is drawn again, chapter 2's drafts repeat nothing and stay.
            let fog = #"{"title":"The Fog","summary":"In this chapter, Mara sees fog."}"#
            let rowing = #"{"title":"The Fog","summary":"Mara rows out into the fog to find the lost boat."}"#
            let provider = PlanProvider(drafts: [
                seed(1, 0): fog, seed(1, 1): fog,
                seed(2, 0): rowing, seed(2, 1): rowing,
                seed(3, 0): #"{"title":"Homecoming","summary":"Mara rows south and finds the writer alive."}"#,
                seed(1, 2): #"{"title":"Night Watch","summary":"Mara watches a ship vanish in the night."}"#,
            ])
            let log = EventLog()
            let book = try await pipeline(provider, in: directory).run(request) { log.append($0) }
            #expect(book.outline.map(\.title) == ["Night Watch", "The Fog", "Homecoming"])
            #expect(provider.outlineSeeds.count == 6)
            #expect(repairCount(log) == 1)
        }
    }
}
