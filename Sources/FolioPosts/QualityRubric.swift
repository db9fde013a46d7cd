import FolioPublishing
import Foundation

/// Scores a post on four parts, each 0–1: hook strength, specificity, length and readability.
public struct QualityRubric: Sendable {
    /// Words a post should have.
    public var targetWords: ClosedRange<Int>

    /// A rubric for posts of `targetWords` words.
    public init(targetWords: ClosedRange<Int> = 80...220) {
        self.targetWords = targetWords
    }

    /// Words that promise without saying anything.
    public static let vagueWords: Set = [
        "powerful", "seamless", "seamlessly", "robust", "cutting-edge", "innovative", "revolutionary", "game-changer",
        "game-changing", "amazing", "awesome", "incredible", "various", "numerous", "countless", "best-in-class",
        "world-class", "next-level", "unleash", "unlock", "supercharge", "leverage", "synergy", "effortless",
        "effortlessly", "stunning", "ultimate", "blazing", "magic", "magical",
    ]

    /// The parts of `text` (hook on its first line) written from `facts`.
    public func parts(hook: String, body: String, facts: [PostFact]) -> PostQualityParts {
        let sentences = Self.sentences(body)
        let words = Self.words(hook + " " + body)
        return PostQualityParts(hookStrength: hookStrength(hook), specificity: specificity(sentences, facts: facts),
                                length: length(words.count), readability: readability(sentences, body: body))
    }

    func hookStrength(_ hook: String) -> Double {
        let words = Self.words(hook).count
        var score = 0.0
        if hook.count <= 140 { score += 0.4 }
        if (5...22).contains(words) { score += 0.3 }
        if hook.hasSuffix("?") || hook.range(of: #"\d"#, options: .regularExpression) != nil
            || hook.range(of: #"^(how|why|what|stop|most|every|never|no one|you)\b"#, options: [.regularExpression, .caseInsensitive]) != nil {
            score += 0.2
        }
        if !Self.words(hook).contains(where: Self.vagueWords.contains) { score += 0.1 }
        return min(1, score)
    }

    /// Share of sentences naming something from the facts: a number, a name or a term.
    func specificity(_ sentences: [String], facts: [PostFact]) -> Double {
        guard !sentences.isEmpty else { return 0 }
        let terms = FactGrounding.contentWords(facts.map(\.text).joined(separator: " "))
        let concrete = sentences.filter { sentence in
            let words = FactGrounding.contentWords(sentence)
            return !words.intersection(terms).isEmpty || sentence.range(of: #"\d"#, options: .regularExpression) != nil
        }
        return Double(concrete.count) / Double(sentences.count)
    }

    func length(_ words: Int) -> Double {
        if targetWords.contains(words) { return 1 }
        let distance = words < targetWords.lowerBound ? targetWords.lowerBound - words : words - targetWords.upperBound
        return max(0, 1 - Double(distance) / Double(targetWords.lowerBound))
    }

    func readability(_ sentences: [String], body: String) -> Double {
        guard !sentences.isEmpty else { return 0 }
        let average = Double(sentences.map { Self.words($0).count }.reduce(0, +)) / Double(sentences.count)
        var score = average <= 20 ? 1.0 : max(0, 1 - (average - 20) / 20)
        let paragraphs = body.components(separatedBy: "\n\n").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        if paragraphs.contains(where: { Self.sentences($0).count > 4 }) { score -= 0.2 }
        let vague = Self.words(body).filter(Self.vagueWords.contains).count
        score -= 0.1 * Double(vague)
        return max(0, min(1, score))
    }

    /// The sentences of `text` holding a vague word.
    public static func vagueSentences(_ text: String) -> [String] {
        sentences(text).filter { words($0).contains(where: vagueWords.contains) }
    }

    static func words(_ text: String) -> [String] {
        text.lowercased().split { !$0.isLetter && !$0.isNumber && $0 != "-" }.map(String.init)
    }

    static func sentences(_ text: String) -> [String] {
        var sentences: [String] = []
        var current = ""
        for character in text {
            current.append(character)
            if ".!?".contains(character) || character.isNewline {
                let trimmed = current.trimmingCharacters(in: .whitespacesAndNewlines)
                if !trimmed.isEmpty { sentences.append(trimmed) }
                current = ""
            }
        }
        let rest = current.trimmingCharacters(in: .whitespacesAndNewlines)
        if !rest.isEmpty { sentences.append(rest) }
        return sentences.filter { words($0).count >= 2 }
    }
}
