import FolioContext
import FolioRetrieval

/// A deterministic synthetic book: varied sentences, paragraphs, dialogue, numbers.
struct SyntheticBook {
    static let words = ["rain", "harbour", "Elena", "lantern", "quietly", "remembered", "the", "old", "map", "river",
                        "stone", "whispered", "city", "across", "north", "gate", "captain", "letters", "silver",
                        "morning", "storm", "bridge", "promise", "forgotten", "1847", "café", "naïve", "towers",
                        "she", "he", "they", "walked", "under", "beneath", "and", "but", "because", "never"]

    var seed: UInt64

    init(seed: UInt64 = 42) { self.seed = seed }

    mutating func next(_ bound: Int) -> Int {
        seed = seed &* 6364136223846793005 &+ 1442695040888963407
        return Int((seed >> 33) % UInt64(bound))
    }

    mutating func sentence() -> String {
        let length = 5 + next(18)
        var parts = (0..<length).map { _ in Self.words[next(Self.words.count)] }
        parts[0] = parts[0].prefix(1).uppercased() + parts[0].dropFirst()
        let end = [".", ".", ".", "!", "?", "…"][next(6)]
        let sentence = parts.joined(separator: " ") + end
        return next(7) == 0 ? "“\(sentence)”" : sentence
    }

    mutating func chapter(words target: Int) -> String {
        var paragraphs: [String] = []
        var count = 0
        while count < target {
            var paragraph: [String] = []
            for _ in 0..<(2 + next(5)) {
                let sentence = sentence()
                count += sentence.split(separator: " ").count
                paragraph.append(sentence)
            }
            paragraphs.append(paragraph.joined(separator: " "))
        }
        return paragraphs.joined(separator: "\n\n")
    }

    /// Materials for chapter `number` of a book whose earlier chapters have `words` words each.
    static func materials(chapter number: Int, words: Int = 800, passages: Int = 0, summaries: Bool = true) -> ContextMaterials {
        var book = SyntheticBook()
        var previous: [ContextMaterials.Chapter] = []
        for index in 1..<number {
            let text = book.chapter(words: words)
            let summary = summaries ? (0..<3).map { _ in book.sentence() }.joined(separator: " ") : nil
            previous.append(.init(number: index, text: text, summary: summary))
        }
        var found: [RetrievedPassage] = []
        for index in 0..<passages where number > 1 {
            let chapter = 1 + book.next(number - 1)
            found.append(RetrievedPassage(chapter: chapter, chunk: index, score: Double(book.next(1000)) / 1000,
                                          text: (0..<4).map { _ in book.sentence() }.joined(separator: " ")))
        }
        return ContextMaterials(
            title: "The Cartographer's Daughter",
            bookSummary: "A young mapmaker follows her father's last map across a drowned city. She learns what he hid.",
            instructions: "Literary fiction for adults; close third person; present tense; no epilogue.",
            chapter: number,
            outlineEntry: "Chapter \(number), \"The Gate\": Elena reaches the north gate and opens the letters.",
            previousChapters: previous, passages: found)
    }
}
