import Foundation

/// How a saved chapter measures against the bars a reader would set, kept in `book.json`.
public struct ChapterQuality: Sendable, Equatable, Codable {
    /// Words the chapter was asked for.
    public var targetWords: Int
    /// Words it has.
    public var words: Int
    /// Share of its sentences (five words or more) that repeat an earlier one of the chapter.
    public var repeatedSentenceShare: Double
    /// The longest run of words it shares verbatim with its prompt and context.
    public var longestCopiedRun: Int
    /// Lines that are headings, bylines, prompt labels or talk about the chapter.
    public var echoLines: Int
    /// Model calls made for the chapter (first call, continuations and resamples).
    public var attempts: Int
    /// What the guards did, in order.
    public var guardActions: [GuardAction]
    /// Seconds the guards cost: of each call they stopped, the share of its time whose text they threw away.
    public var guardSeconds: Double
    /// Share of the sentences the model wrote for the chapter that were thrown away: talk about
    /// the writing, prompt echo, and whole attempts that were mostly that.
    public var droppedShare: Double
    /// Attempts thrown away whole because their opening was mostly talk or echo.
    public var failedAttempts: Int
    /// Share of its sentences (six words or more) that closely paraphrase an earlier chapter's
    /// (MiniLM cosine 0.8 or more), copies with no run of words in common.
    public var paraphrasedShare: Double
    /// How its sentences hang together and keep to its plan; `nil` when no sentence encoder was
    /// at hand (or the chapter has fewer than two sentences).
    public var coherence: ChapterCoherence?
    /// The bars the chapter still misses, in words; empty when it meets them all.
    public var misses: [String]

    /// The bars: words within this share of the target…
    public static let wordRange = 0.6...1.4
    /// …at most this share of repeated sentences…
    public static let maximumRepeatedShare = 0.02
    /// …no verbatim run from the context longer than this…
    public static let maximumCopiedRun = 12
    /// …at most this share of what the model wrote thrown away as talk or echo…
    public static let maximumDroppedShare = 0.2
    /// …and at most this share of sentences paraphrasing an earlier chapter.
    public static let maximumParaphrasedShare = 0.1

    /// Measures `text` (the chapter's body) against `reference` (its prompt and context).
    public init(text: String, targetWords: Int, reference: [String], attempts: Int, guardActions: [GuardAction],
                guardSeconds: Double, droppedShare: Double = 0) {
        self.init(text: text, targetWords: targetWords, reference: reference, attempts: attempts, guardActions: guardActions,
                  guardSeconds: guardSeconds, droppedShare: droppedShare, paraphrase: nil)
    }

    /// Measures `text` also against earlier chapters' sentences, for paraphrases.
    init(text: String, targetWords: Int, reference: [String], attempts: Int, guardActions: [GuardAction],
         guardSeconds: Double, droppedShare: Double, paraphrase: ParaphraseCheck?, coherence: ChapterCoherence? = nil) {
        let words = WordRuns.words(text)
        self.targetWords = targetWords
        self.words = text.split(whereSeparator: \.isWhitespace).count
        self.repeatedSentenceShare = Self.repeatedShare(text)
        self.longestCopiedRun = reference.map { WordRuns.longestSharedRun(words, with: WordRuns.words($0)) }.max() ?? 0
        self.echoLines = Self.echoLines(text)
        self.attempts = attempts
        self.guardActions = guardActions
        self.guardSeconds = (guardSeconds * 100).rounded() / 100
        self.droppedShare = (droppedShare * 1000).rounded() / 1000
        self.failedAttempts = guardActions.filter { $0.kind == .failed }.count
        self.paraphrasedShare = paraphrase?.share(of: text) ?? 0
        self.coherence = coherence
        var misses: [String] = []
        let ratio = targetWords > 0 ? Double(self.words) / Double(targetWords) : 1
        if !Self.wordRange.contains(ratio) {
            misses.append("\(self.words) words of \(targetWords) asked (\(Int((ratio * 100).rounded())) %)")
        }
        if repeatedSentenceShare > Self.maximumRepeatedShare {
            misses.append("\(Int((repeatedSentenceShare * 100).rounded())) % of sentences repeated")
        }
        if longestCopiedRun > Self.maximumCopiedRun { misses.append("a \(longestCopiedRun)-word run copied from the context") }
        if echoLines > 0 { misses.append("\(echoLines) heading or prompt-echo lines") }
        if paraphrasedShare > Self.maximumParaphrasedShare {
            misses.append("\(Int((paraphrasedShare * 100).rounded())) % of sentences paraphrase an earlier chapter")
        }
        if self.droppedShare > Self.maximumDroppedShare {
            misses.append("\(Int((self.droppedShare * 100).rounded())) % of what the model wrote was talk or echo, thrown away")
        }
        self.misses = misses
    }

    /// Share of sentences of five words or more that repeat an earlier sentence of `text`.
    static func repeatedShare(_ text: String) -> Double {
        var seen = Set<String>()
        var total = 0
        var repeated = 0
        for sentence in sentences(text) {
            let words = WordRuns.words(sentence)
            guard words.count >= 5 else { continue }
            total += 1
            if !seen.insert(words.joined(separator: " ")).inserted { repeated += 1 }
        }
        return total == 0 ? 0 : (Double(repeated) / Double(total) * 1000).rounded() / 1000
    }

    /// Lines of `text` that a chapter's guard would have dropped, and paragraphs opening with a label.
    static func echoLines(_ text: String) -> Int {
        let scaffolding = sentences(text).filter { sentence in
            let body = sentence.trimmingCharacters(in: .whitespacesAndNewlines)
            return !body.isEmpty && ChapterGuard.chapterPatterns.contains { pattern, _ in
                body.range(of: pattern, options: [.regularExpression, .caseInsensitive]) != nil
            }
        }.count
        let labels = text.split(whereSeparator: \.isNewline).filter { ChapterGuard.label(opening: String($0)) != nil }.count
        return scaffolding + labels
    }

    /// `text` cut where the guard cuts it: at sentence ends and line breaks.
    static func sentences(_ text: String) -> [String] {
        var rest = Substring(text)
        var result: [String] = []
        while let end = ChapterGuard.sentenceEnd(in: String(rest), longest: 60) {
            let string = String(rest)
            result.append(String(string[..<end]))
            rest = Substring(string[end...])
        }
        if !rest.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { result.append(String(rest)) }
        return result
    }
}

extension ChapterQuality {
    enum CodingKeys: String, CodingKey {
        case targetWords, words, repeatedSentenceShare, longestCopiedRun, echoLines, attempts, guardActions,
             guardSeconds, droppedShare, failedAttempts, paraphrasedShare, coherence, misses
    }

    /// Reads a record; one saved before dropped and paraphrased shares were measured reads as none.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        targetWords = try container.decode(Int.self, forKey: .targetWords)
        words = try container.decode(Int.self, forKey: .words)
        repeatedSentenceShare = try container.decode(Double.self, forKey: .repeatedSentenceShare)
        longestCopiedRun = try container.decode(Int.self, forKey: .longestCopiedRun)
        echoLines = try container.decode(Int.self, forKey: .echoLines)
        attempts = try container.decode(Int.self, forKey: .attempts)
        guardActions = try container.decode([GuardAction].self, forKey: .guardActions)
        guardSeconds = try container.decode(Double.self, forKey: .guardSeconds)
        droppedShare = try container.decodeIfPresent(Double.self, forKey: .droppedShare) ?? 0
        failedAttempts = try container.decodeIfPresent(Int.self, forKey: .failedAttempts) ?? 0
        paraphrasedShare = try container.decodeIfPresent(Double.self, forKey: .paraphrasedShare) ?? 0
        coherence = try container.decodeIfPresent(ChapterCoherence.self, forKey: .coherence)
        misses = try container.decode([String].self, forKey: .misses)
    }
}
