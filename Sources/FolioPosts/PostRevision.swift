import FolioPublishing
import Foundation

/// What `post revise` changes, as constraints the code enforces rather than words for the model.
///
/// Told "the last version was inaccurate: …", the bundled 135M model wrote sentences saying
/// its fact was *not* so (and the checks refused every one); given no word of the feedback, it
/// writes as it did for the first version. So feedback becomes what the code controls: which
/// facts the sentences are drawn from, how many there are, which hook type opens, which words
/// a piece may not use, and new sampler seeds, so every piece is a new answer.
struct PostRevision: Sendable {
    /// Facts no piece is written from (those of pieces judged inaccurate).
    var avoidedFacts: Set<String> = []
    /// Words of the reader's notes when no piece was judged inaccurate ("mention the EPUB
    /// export"): the facts sharing the most of them are written first.
    var preferredWords: Set<String> = []
    /// The hook type the new version must not open with (after `dislike`).
    var avoidedHook: HookType?
    /// The hook type tried first (the last version's, unless disliked); a question, then a bold
    /// claim, follow it when no line of it passes, since the fact it opened with may be gone.
    var preferredHook: HookType?
    /// Body sentences wanted: as many as the last version had, half as many after `too-long`.
    var sentences: Int?
    /// Most words of one body sentence (after `too-long`).
    var sentenceWords: Int?
    /// Whether hype words and exclamation marks are refused (after `too-salesy`).
    var refusesHype = false
    /// Added to every seed of the chain, so no answer of the last version comes back from the cache.
    var seedShift = 0
    /// The last version's opening line, kept when it passes every check again (its type is the
    /// one tried first and its fact is not left out).
    var keptHook: (type: HookType, fact: String, line: String)?
    /// The last version's body sentences by fact, each kept when it passes every check again:
    /// only what the feedback is about is drawn anew (a 135M model given new seeds for every
    /// piece may find no passing sentence at all).
    var keptSentences: [String: String] = [:]
    /// Whether a kept sentence is tried after the model's new ones rather than before them.
    var keptLast = false
    /// The text of the version revised: a revision that comes out the same is not saved.
    var previousText: String?
    /// The provider and model of the version revised, whose kept pieces they wrote.
    var writer: (provider: String?, model: String?) = (nil, nil)

    /// Words of sales talk a plain post does without.
    static let hypeWords: Set = [
        "amazing", "awesome", "incredible", "revolutionary", "revolutionize", "revolutionizes", "game-changer",
        "game-changing", "ultimate", "best", "perfect", "stunning", "unleash", "unleashes", "supercharge",
        "supercharges", "effortless", "effortlessly", "seamless", "seamlessly", "cutting-edge", "blazing",
        "world-class", "must-have", "next-level", "powerful", "love", "magic", "magical", "superb", "exciting",
    ]

    /// The constraints `feedback` (on `latest`) and `note` set for the version after `latest`.
    static func from(_ feedback: [PostFeedback], note: String?, latest: PostVersion) -> PostRevision {
        var revision = PostRevision(seedShift: 104_729 &* latest.version)
        revision.writer = (latest.provider, latest.model)
        revision.previousText = latest.text
        let kinds = Set(feedback.map(\.kind))
        let pieces = latest.pieces ?? []
        // A revision is no longer than its version: the model is not asked for sentences it lacked.
        let body = max(1, pieces.count - 1)
        revision.sentences = body
        if kinds.contains(.tooLong) {
            revision.sentences = max(1, body / 2)
            revision.sentenceWords = 22
        }
        if kinds.contains(.tooSalesy) { revision.refusesHype = true }
        if kinds.contains(.dislike) {
            revision.avoidedHook = HookType(name: latest.hookType)
        } else {
            revision.preferredHook = HookType(name: latest.hookType)
        }
        let notes = (feedback.compactMap(\.note) + [note].compactMap { $0 }).filter { !$0.isEmpty }
        if kinds.contains(.inaccurate) {
            // The pieces a note names are the ones the reader means; with none named, the one
            // the judge trusted least.
            let overlaps = pieces.map { piece in notes.map { Self.overlap($0, piece) }.max() ?? 0 }
            let most = overlaps.max() ?? 0
            var named = most >= 2 ? zip(pieces, overlaps).filter { $0.1 == most }.map(\.0) : []
            if named.isEmpty, let lowest = Self.leastTrusted(pieces) { named = [lowest] }
            revision.avoidedFacts = Set(named.map(\.fact))
        } else {
            revision.preferredWords = Set(notes.flatMap(FactGrounding.contentWords))
        }
        // A disliked version's sentences are all drawn anew, and one of them kept only where no
        // new sentence of its fact passes.
        revision.keep(pieces, hookType: kinds.contains(.dislike) ? nil : latest.hookType)
        revision.keptLast = kinds.contains(.dislike)
        return revision
    }

    /// Keeps `pieces` (the first the opening line) but those whose facts are left out.
    private mutating func keep(_ pieces: [PostPiece], hookType: String?) {
        let left = pieces.enumerated().filter { !avoidedFacts.contains($0.element.fact) }
        if let hook = left.first(where: { $0.offset == 0 })?.element, let type = hookType.flatMap(HookType.init(name:)) {
            keptHook = (type, hook.fact, hook.text)
        }
        for (_, piece) in left.filter({ $0.offset > 0 }) where keptSentences[piece.fact] == nil {
            keptSentences[piece.fact] = piece.text
        }
    }

    /// Content words `note` shares with `piece`'s text or fact: the pieces sharing the most, two
    /// or more, are the ones the note names.
    static func overlap(_ note: String, _ piece: PostPiece) -> Int {
        let words = FactGrounding.contentWords(note)
        return max(words.intersection(FactGrounding.contentWords(piece.text)).count,
                   words.intersection(FactGrounding.contentWords(piece.fact)).count)
    }

    /// The piece of lowest judge score (no score counts as 1); of equal ones, the last.
    static func leastTrusted(_ pieces: [PostPiece]) -> PostPiece? {
        pieces.enumerated().min { first, second in
            let (a, b) = (first.element.judgeScore ?? 1, second.element.judgeScore ?? 1)
            return a != b ? a < b : first.offset > second.offset
        }?.element
    }

    /// Why `line` breaks a constraint of this revision, or `nil`.
    func problem(_ line: String, body: Bool) -> String? {
        if refusesHype {
            let hype = QualityRubric.words(line).filter(Self.hypeWords.contains)
            if let word = hype.first { return "used the hype word \(word)" }
            if line.contains("!") { return "used an exclamation mark" }
        }
        if body, let most = sentenceWords, QualityRubric.words(line).count > most {
            return "wrote more than \(most) words"
        }
        return nil
    }
}
