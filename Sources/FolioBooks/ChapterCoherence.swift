import Foundation

/// How well a chapter's sentences hang together, from the same MiniLM sentence vectors the
/// paraphrase check uses. These figures see topic, not plot: a chapter of loosely related
/// sentences about the same place scores as well as a story, but a run of unrelated
/// sentences, or a chapter about something other than its plan, scores clearly lower.
public struct ChapterCoherence: Sendable, Equatable, Codable {
    /// Mean cosine of each sentence with the one before it (0–1, higher hangs together).
    public var neighbourSimilarity: Double
    /// Cosine of the chapter's mean sentence vector with its plan's sentence (0–1).
    public var planSimilarity: Double
    /// Share of sentences after the first that name a thing or person (a meaningful word of four
    /// letters or more, roughly stemmed) that one of the two sentences before them named.
    public var entityContinuity: Double

    /// Sentences shorter than this are left out ("He waited." says little about its neighbours).
    static let minimumWords = 4

    /// One figure, 0–1: the three above, weighted equally.
    public var score: Double {
        ((neighbourSimilarity + planSimilarity + entityContinuity) / 3 * 1000).rounded() / 1000
    }

    /// Measures `text` against `plan` (its outline entry's title and summary); `nil` when the
    /// chapter has fewer than two sentences to compare.
    public init?(text: String, plan: String, encoder: any SentenceEncoder) {
        let sentences = ChapterQuality.sentences(text).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.hasPrefix("#") && WordRuns.words($0).count >= Self.minimumWords }
        guard sentences.count >= 2 else { return nil }
        let vectors = encoder.vectors(sentences + [plan])
        let sentenceVectors = Array(vectors.dropLast())
        let neighbours = zip(sentenceVectors, sentenceVectors.dropFirst()).map { ParaphraseCheck.cosine($0, $1) }
        neighbourSimilarity = Self.rounded(Double(neighbours.reduce(0, +)) / Double(neighbours.count))
        var mean = [Float](repeating: 0, count: sentenceVectors[0].count)
        for vector in sentenceVectors { for index in mean.indices { mean[index] += vector[index] } }
        let length = mean.reduce(0) { $0 + $1 * $1 }.squareRoot()
        planSimilarity = length > 0 ? Self.rounded(Double(ParaphraseCheck.cosine(mean.map { $0 / length }, vectors.last!))) : 0
        let named = sentences.map(Self.names)
        let continued = named.indices.dropFirst().filter { index in
            !named[index].isDisjoint(with: named[max(0, index - 2)..<index].reduce(into: Set<String>()) { $0.formUnion($1) })
        }.count
        entityContinuity = Self.rounded(Double(continued) / Double(named.count - 1))
    }

    /// The meaningful words of four letters or more in `sentence`, roughly stemmed.
    static func names(_ sentence: String) -> Set<String> {
        Set(WordRuns.words(sentence).filter { $0.count >= 4 && !WordRuns.functionWords.contains($0) && !commonWords.contains($0) }
            .map { WordRuns.stem(WordRuns.stem($0)) })
    }

    /// Frequent words of four letters or more that name nothing, so sharing one ties nothing together.
    static let commonWords: Set = [
        "they", "them", "then", "there", "these", "those", "when", "where", "what", "with", "would", "could",
        "should", "have", "been", "into", "onto", "over", "under", "your", "yours", "just", "like", "than",
        "some", "more", "most", "very", "only", "even", "also", "each", "every", "because", "while", "through",
        "after", "before", "again", "still", "always", "never", "something", "nothing", "everything",
        "himself", "herself", "itself", "themselves", "will", "make", "made", "took", "take", "said", "felt",
        "seemed", "began", "knew", "know", "come", "came", "went", "back", "here", "down", "away", "around",
    ]

    private static func rounded(_ value: Double) -> Double {
        (max(0, value) * 1000).rounded() / 1000
    }
}
