import Foundation

/// Finds sentences that say again, in other words, what an earlier chapter said: a copy even
/// when no run of twelve words matches. Sentences are compared by the cosine of their vectors,
/// and by the meaningful words they share with one earlier sentence (``restatesWords(_:)``).
struct ParaphraseCheck: Sendable {
    /// Cosine at or above which a sentence is a close paraphrase of an earlier one. The bundled
    /// model's restated openings ("As I stood atop the rocky outcrop overlooking…") measured 0.81
    /// and 0.87 against their source, unrelated sentences of the same book at most 0.68.
    static let threshold: Float = 0.8
    /// Sentences shorter than this are left alone ("The door opened." may well happen twice).
    static let minimumWords = 6

    /// Meaningful word stems (``ChapterGuard/meaningfulStems(_:)``) a sentence shares with one
    /// earlier sentence, at the least and as a share of its own, to say it again. The vectors
    /// miss a sentence retold with its people changed: "She looked at the box containing the
    /// bottle of the treasure, and she asked, "What do I need to know?"" after chapter 2's "You
    /// look at the box containing the bottle of wine, and you ask…" measured 0.67, no nearer than
    /// unrelated sentences of one book come (0.68, ``threshold``). Over 118 saved quick-start books (2,654
    /// sentences of chapters 2 and later, already through every other guard), 19 shared five
    /// such words and three quarters of theirs with one sentence of an earlier chapter: all but
    /// four say it again ("He had been gone forever, and he would never come back." after "I am
    /// gone forever, and I will never come back."), the four stock gestures and phrases ("He
    /// took a step forward, his hand reaching out…").
    static let restatedStems = 5
    static let restatedStemShare = 0.75

    let encoder: any SentenceEncoder
    private let earlier: [[Float]]
    private let earlierStems: [Set<String>]

    /// A check against the sentences of `chapters` (earlier chapters' texts); `nil` when they have none.
    init?(encoder: any SentenceEncoder, chapters: [String]) {
        let sentences = chapters.flatMap(ChapterQuality.sentences).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { Self.counts($0) && !$0.hasPrefix("#") }
        guard !sentences.isEmpty else { return nil }
        self.encoder = encoder
        self.earlier = encoder.vectors(sentences)
        self.earlierStems = sentences.map { ChapterGuard.meaningfulStems(WordRuns.words($0)) }
    }

    /// Whether `sentence` is long enough to be judged.
    static func counts(_ sentence: String) -> Bool {
        WordRuns.words(sentence).count >= minimumWords
    }

    /// Whether `sentence` closely paraphrases a sentence of an earlier chapter.
    func isParaphrase(_ sentence: String) -> Bool {
        guard Self.counts(sentence) else { return false }
        if restatesWords(sentence) { return true }
        guard let vector = encoder.vectors([sentence]).first else { return false }
        return isNear(vector)
    }

    /// Whether `sentence` says again the meaningful words of one earlier sentence
    /// (``restatedStems``, ``restatedStemShare``).
    func restatesWords(_ sentence: String) -> Bool {
        let stems = ChapterGuard.meaningfulStems(WordRuns.words(sentence))
        guard stems.count >= Self.restatedStems else { return false }
        let needed = max(Self.restatedStems, Int((Double(stems.count) * Self.restatedStemShare).rounded(.up)))
        return earlierStems.contains { $0.intersection(stems).count >= needed }
    }

    private func isNear(_ vector: [Float]) -> Bool {
        Self.isNear(vector, anyOf: earlier, cutoff: Self.threshold)
    }

    /// Whether `vector` has a cosine of at least `cutoff` with one of `vectors` (all unit length).
    static func isNear(_ vector: [Float], anyOf vectors: [[Float]], cutoff: Float) -> Bool {
        vectors.contains { cosine($0, vector) >= cutoff }
    }

    /// Share of `text`'s sentences (long enough to judge) that closely paraphrase an earlier chapter.
    func share(of text: String) -> Double {
        // Trimmed as the guard trims them, so the vectors it made while streaming are reused.
        let sentences = ChapterQuality.sentences(text).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter(Self.counts)
        guard !sentences.isEmpty else { return 0 }
        let vectors = encoder.vectors(sentences)
        let close = zip(sentences, vectors).filter { restatesWords($0) || isNear($1) }.count
        return (Double(close) / Double(sentences.count) * 1000).rounded() / 1000
    }

    /// The dot product of two unit-length vectors.
    static func cosine(_ a: [Float], _ b: [Float]) -> Float {
        zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }
    }
}
