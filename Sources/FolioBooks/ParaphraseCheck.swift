import Foundation

/// Finds sentences that say again, in other words, what an earlier chapter said: a copy even
/// when no run of twelve words matches. Sentences are compared by the cosine of their vectors.
struct ParaphraseCheck: Sendable {
    /// Cosine at or above which a sentence is a close paraphrase of an earlier one. The bundled
    /// model's restated openings ("As I stood atop the rocky outcrop overlooking…") measured 0.81
    /// and 0.87 against their source, unrelated sentences of the same book at most 0.68.
    static let threshold: Float = 0.8
    /// Sentences shorter than this are left alone ("The door opened." may well happen twice).
    static let minimumWords = 6

    let encoder: any SentenceEncoder
    private let earlier: [[Float]]

    /// A check against the sentences of `chapters` (earlier chapters' texts); `nil` when they have none.
    init?(encoder: any SentenceEncoder, chapters: [String]) {
        let sentences = chapters.flatMap(ChapterQuality.sentences).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { Self.counts($0) && !$0.hasPrefix("#") }
        guard !sentences.isEmpty else { return nil }
        self.encoder = encoder
        self.earlier = encoder.vectors(sentences)
    }

    /// Whether `sentence` is long enough to be judged.
    static func counts(_ sentence: String) -> Bool {
        WordRuns.words(sentence).count >= minimumWords
    }

    /// Whether `sentence` closely paraphrases a sentence of an earlier chapter.
    func isParaphrase(_ sentence: String) -> Bool {
        guard Self.counts(sentence), let vector = encoder.vectors([sentence]).first else { return false }
        return earlier.contains { Self.cosine($0, vector) >= Self.threshold }
    }

    /// Share of `text`'s sentences (long enough to judge) that closely paraphrase an earlier chapter.
    func share(of text: String) -> Double {
        // Trimmed as the guard trims them, so the vectors it made while streaming are reused.
        let sentences = ChapterQuality.sentences(text).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter(Self.counts)
        guard !sentences.isEmpty else { return 0 }
        let vectors = encoder.vectors(sentences)
        let close = vectors.filter { vector in earlier.contains { Self.cosine($0, vector) >= Self.threshold } }.count
        return (Double(close) / Double(sentences.count) * 1000).rounded() / 1000
    }

    /// The dot product of two unit-length vectors.
    static func cosine(_ a: [Float], _ b: [Float]) -> Float {
        zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }
    }
}
