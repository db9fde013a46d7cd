import FolioCore
import FolioRetrieval
import FolioTesting
import Foundation
import Testing

/// Long-range recall: a 30-chapter book with facts planted early and needed late. A fact is
/// recalled when a passage holding it reaches the retrieved passages for the chapter whose
/// outline entry needs it (the chapter itself and the previous one excluded, as in the context).
@Suite("Long-range recall")
struct LongRangeRecallTests {
    struct PlantedFact {
        var chapter: Int
        var sentence: String
        var marker: String
        var neededBy: Int
        var outline: String
    }

    static let facts = [
        PlantedFact(chapter: 3, sentence: "The key is hidden under the blue stone behind the chapel.", marker: "blue stone",
                    neededBy: 24, outline: "Mara goes back to the chapel to recover the hidden key."),
        PlantedFact(chapter: 2, sentence: "The lighthouse keeper Tobias has a long scar across his cheek from the storm of sixty-eight.",
                    marker: "scar across his cheek", neededBy: 15, outline: "Tobias's old storm scar aches as the weather turns."),
        PlantedFact(chapter: 5, sentence: "Captain Ilse lost her left eye in the battle of the northern reef.", marker: "left eye",
                    neededBy: 20, outline: "Ilse remembers the reef battle where she was wounded."),
        PlantedFact(chapter: 7, sentence: "The peace treaty was signed in green ink at the abbey of Saint Veran.", marker: "green ink",
                    neededBy: 27, outline: "The council argues over where and how the peace treaty was signed."),
        PlantedFact(chapter: 4, sentence: "Elena's little brother drowned in the millpond when he was nine years old.",
                    marker: "drowned in the millpond", neededBy: 22, outline: "Elena refuses to go near the millpond that took her brother."),
        PlantedFact(chapter: 6, sentence: "The password that opens the bank vault is the word marigold.", marker: "marigold",
                    neededBy: 28, outline: "Jonah struggles to remember the password of the bank vault."),
        PlantedFact(chapter: 8, sentence: "The silver compass always points toward the drowned city instead of north.",
                    marker: "silver compass", neededBy: 25, outline: "The crew follows the strange compass toward the sunken city."),
        PlantedFact(chapter: 9, sentence: "Old Bram buried the stolen gold beneath the third apple tree in the orchard.",
                    marker: "third apple tree", neededBy: 29, outline: "The children dig in the orchard for Bram's stolen gold."),
        PlantedFact(chapter: 10, sentence: "The poison was hidden inside the bishop's silver snuffbox.", marker: "snuffbox",
                    neededBy: 26, outline: "The inspector works out how the bishop was poisoned."),
        PlantedFact(chapter: 1, sentence: "Mara was born during the great flood, in the bell tower of Oakhollow.", marker: "bell tower",
                    neededBy: 23, outline: "Mara visits the tower where she was born."),
    ]

    /// Filler sentences built from chapter-seeded word choices, none touching a planted fact.
    static func filler(chapter: Int, sentences: Int) -> [String] {
        let people = ["the miller", "a young clerk", "the baker's wife", "two farmhands", "the schoolteacher",
                      "an old fisherman", "the innkeeper", "a travelling tinker", "the blacksmith", "the mayor's cousin"]
        let actions = ["talked about the price of barley", "mended a torn sail", "counted sacks of flour",
                       "walked along the muddy road", "argued about the weather", "sang an old song",
                       "painted the fence white", "fed the noisy geese", "swept the dusty floor", "carried water from the well",
                       "read a letter aloud", "watched the clouds drift east"]
        let times = ["in the morning", "after lunch", "before supper", "at noon", "late in the evening", "on market day"]
        var state = UInt64(chapter) &* 0x9E37_79B9_7F4A_7C15 | 1
        func next(_ n: Int) -> Int {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return Int(state % UInt64(n))
        }
        return (0..<sentences).map { _ in
            let sentence = "\(people[next(people.count)]) \(actions[next(actions.count)]) \(times[next(times.count)])."
            return sentence.prefix(1).uppercased() + sentence.dropFirst()
        }
    }

    static func writeBook(_ directory: TemporaryDirectory) throws -> String {
        let book = directory.appending("book")
        try FileManager.default.createDirectory(atPath: book + "/chapters", withIntermediateDirectories: true)
        for chapter in 1...30 {
            var sentences = filler(chapter: chapter, sentences: 50)
            for fact in facts where fact.chapter == chapter {
                sentences.insert(fact.sentence, at: 23)
            }
            let text = "# Chapter \(chapter): Part \(chapter)\n\n" + sentences.joined(separator: " ") + "\n"
            try text.write(toFile: book + String(format: "/chapters/%02d-part.md", chapter), atomically: true, encoding: .utf8)
        }
        return book
    }

    @Test("planted facts reach the chapters that need them: hybrid and full vs the sliding window")
    func recall() async throws {
        let directory = try TemporaryDirectory("folio-recall"); defer { directory.remove() }
        let book = try Self.writeBook(directory)
        let store = try RetrievalStore(bookDirectory: book, embedder: try SharedEmbedder.miniLM.get())
        let report = try await store.update()
        #expect(report.chapters == 30)

        let window = 3
        var results: [String: Double] = [:]
        // Sliding window alone: a fact is in context only when its chapter is among the last `window`.
        let inWindow = Self.facts.filter { $0.neededBy - $0.chapter <= window }.count
        results["window"] = Double(inWindow) / Double(Self.facts.count)
        // basic mode retrieves no passages by design (summaries only).
        results["basic"] = 0

        var factScores: [Double] = []
        var distractorScores: [Double] = []
        for mode in [RetrievalMode.hybrid, .full] {
            let retriever = HybridRetriever(store: store, options: .init(mode: mode))
            var recalled = 0
            for fact in Self.facts {
                let query = "Chapter \(fact.neededBy), \"Part \(fact.neededBy)\": \(fact.outline)"
                let passages = try await retriever.passages(for: query, excluding: [fact.neededBy, fact.neededBy - 1], limit: 10)
                if passages.contains(where: { $0.chapter == fact.chapter && $0.text.contains(fact.marker) }) { recalled += 1 }
                if mode == .hybrid {
                    let raw = try await store.search(query, limit: 10, excluding: [fact.neededBy, fact.neededBy - 1])
                    factScores += raw.filter { $0.text.contains(fact.marker) }.map(\.score)
                    distractorScores += raw.filter { passage in !Self.facts.contains { passage.text.contains($0.marker) } }.map(\.score)
                }
            }
            results[mode.rawValue] = Double(recalled) / Double(Self.facts.count)
        }
        let line = ["window", "basic", "hybrid", "full"].map { "\($0) \(String(format: "%.2f", results[$0]!))" }
            .joined(separator: ", ")
        print("long-range recall over \(Self.facts.count) planted facts, 30 chapters, window \(window): \(line)")
        print(String(format: "calibration: fact passages score min %.3f / median %.3f; filler passages max %.3f / median %.3f",
                     factScores.min() ?? 0, factScores.sorted()[factScores.count / 2],
                     distractorScores.max() ?? 0, distractorScores.sorted()[distractorScores.count / 2]))
        #expect(results["window"] == 0)
        #expect(results["hybrid"]! >= 0.8)
        #expect(results["full"]! >= 0.8)
    }
}
