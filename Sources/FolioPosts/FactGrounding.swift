import FolioPublishing
import Foundation

/// Traces a fact the model wrote back to the source lines that say it, by shared content words,
/// so every fact kept in a post names its file and lines, and a fact the sources do not hold is dropped.
struct FactGrounding: Sendable {
    let snapshot: RepositorySnapshot
    let evidence: [EvidencePassage]
    /// Share of a fact's content words one passage must hold.
    var minimumRecall = 0.6
    /// Content words a fact needs to count as one.
    var minimumWords = 3

    /// The fact traced to the passage holding most of its words, narrowed to the lines that
    /// hold them; `nil` when no passage holds enough of them.
    func ground(_ fact: String) -> PostFact? {
        let words = Self.contentWords(fact)
        guard words.count >= minimumWords else { return nil }
        var best: (passage: EvidencePassage, recall: Double)?
        for passage in evidence {
            let found = Self.contentWords(passage.text)
            let recall = Double(words.intersection(found).count) / Double(words.count)
            if recall > (best?.recall ?? 0) { best = (passage, recall) }
        }
        guard let best, best.recall >= minimumRecall else { return nil }
        let lines = narrowed(best.passage, to: words)
        return PostFact(text: fact, file: best.passage.file, firstLine: lines.0, lastLine: lines.1,
                        kind: best.passage.kind.rawValue)
    }

    /// The lines of `passage` that hold the fact's words: from the first to the last line
    /// holding at least half as many of them as the best line.
    private func narrowed(_ passage: EvidencePassage, to words: Set<String>) -> (Int, Int) {
        guard let source = snapshot.sources.first(where: { $0.path == passage.file }) else {
            return (passage.firstLine, passage.lastLine)
        }
        let lines = source.text.split(separator: "\n", omittingEmptySubsequences: false)
        let range = max(1, passage.firstLine)...min(lines.count, max(passage.firstLine, passage.lastLine))
        guard !range.isEmpty else { return (passage.firstLine, passage.lastLine) }
        let hits = range.map { ($0, Self.contentWords(String(lines[$0 - 1])).intersection(words).count) }
        let most = hits.map(\.1).max() ?? 0
        guard most > 0 else { return (passage.firstLine, passage.lastLine) }
        let kept = hits.filter { Double($0.1) * 2 >= Double(most) }.map(\.0)
        return (kept.min()!, kept.max()!)
    }

    /// Lower-cased words of three letters or more, minus the most common English words.
    static func contentWords(_ text: String) -> Set<String> {
        Set(text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
            .filter { $0.count >= 3 && !common.contains($0) })
    }

    static let common: Set = ["the", "and", "for", "with", "that", "this", "from", "are", "was", "were", "has", "have",
                              "its", "it's", "into", "can", "you", "your", "our", "their", "them", "they", "will", "not",
                              "but", "all", "any", "one", "two", "use", "uses", "used", "also", "more", "most", "each",
                              "which", "what", "when", "who", "how", "than", "then", "there", "these", "those", "about",
                              "project", "helps", "allows", "lets", "makes", "using"]
}

/// Whether a sentence says only what some texts say: most of its content words, and every
/// number in it, are found in them.
struct Support: Sendable {
    private let words: Set<String>
    private let numbers: Set<String>
    /// Share of a sentence's content words that must be found.
    var minimumPrecision = 0.7

    init(texts: [String]) {
        let all = texts.joined(separator: "\n")
        words = Set(FactGrounding.contentWords(all).map(Support.stem))
        numbers = Support.numbers(all)
    }

    func holds(_ sentence: String) -> Bool {
        let own = FactGrounding.contentWords(sentence).map(Support.stem)
        guard own.count >= 3 else { return false }
        let found = own.filter(words.contains).count
        return Double(found) / Double(own.count) >= minimumPrecision && Support.numbers(sentence).isSubset(of: numbers)
    }

    /// A word without a plural or third-person `s`.
    static func stem(_ word: String) -> String {
        word.count > 4 && word.hasSuffix("s") && !word.hasSuffix("ss") ? String(word.dropLast()) : word
    }

    static func numbers(_ text: String) -> Set<String> {
        Set(text.split { !$0.isNumber && $0 != "." && $0 != "," }.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: ".,")) }
            .filter { !$0.isEmpty && $0.contains(where: \.isNumber) })
    }
}
