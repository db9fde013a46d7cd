import Foundation

/// Watches a chapter's text as it streams and lets through only sentences that are new prose.
///
/// Text is held back until its sentence ends (a line break ends one too), so a sentence is
/// judged before any of it is shown and what is shown is always exactly what is kept. A
/// sentence that loops (repeats a sentence, or a run of `loopRunWords` words, of this chapter)
/// or copies (a run of `copyRunWords` words of the prompt or its context) stops the attempt:
/// the chapter is continued from the last clean sentence. A heading, byline, prompt label or
/// talk about the chapter is dropped as a line, and the text goes on.
///
/// The opening sentences of each attempt are held until they are judged together: when most
/// of them are talk about the writing or prompt echo (a small model, asked for a story, may
/// give advice on writing one), the attempt failed and none of it is kept or shown; what is
/// left between such lines is no story either.
struct ChapterGuard: Sendable {
    /// Thresholds.
    struct Configuration: Sendable {
        /// A run of this many words repeating the chapter is a loop.
        var loopRunWords = 8
        /// A run of this many words found in the prompt is a copy.
        var copyRunWords = 12
        /// A run of this many content words (function words left out, plurals as singulars)
        /// found in the prompt, or found there with one word changed, is a copy too: the bundled
        /// model copies a phrase with an article dropped or added, or one word swapped ("tales of
        /// love and loss weaved throughout every inch of what little she knew" for "… woven …
        /// they knew").
        var copyContentWords = 8
        /// A sentence saying again, in order, this many content words (function words left out,
        /// endings cut) of one sentence the chapter already has, or all but one of them, restates
        /// it, and is dropped: "The light above the wreckage cast an ominous glow over the
        /// desolate landscape." a third time in one chapter, each time a word or two changed.
        /// Over 39 saved chapters (586 sentences), seven found five sentences, each a restatement;
        /// six found ten, among them a stock gesture ("He took a step closer, his hand reaching
        /// out…") and a line of dialogue that changed its meaning ("you must leave the map").
        var restatedContentWords = 7
        /// Sentences shorter than this may repeat ("He waited.") without being a loop.
        var minimumRepeatedSentenceWords = 5
        /// Words of the story, the latest, of which fewer than `minimumVariety` different is a loop
        /// in varied words: a sentence leaving the last 60 with under 27 different words stops the
        /// attempt. Over 193 saved chapters (7,322 windows of 60 words, a median of 73 % different)
        /// the windows under 45 % came from nine chapters, every one a run such as "he saw gold he
        /// saw gold and he knew that gold was not just any gold…", "a tale of friendship a tale of
        /// joy … a tale of love a tale of light", "i could see her smile i could see her tears i
        /// could see her spirit i knew she was gone". Stories only (`narrative`); 0 turns it off.
        var varietyWindow = 60
        var minimumVariety = 0.45
        /// A sentence with no end after this many words is judged as it stands.
        var longestHeldWords = 60
        /// A run of more letters than this is words run together, not a word (English words
        /// of over 25 letters are coinages).
        var longestWordLetters = 25
        /// Echo or meta lines dropped in one attempt after which the attempt is stopped as an echo.
        var maximumDroppedLines = 3
        /// Stop at a sentence end once the chapter has this many words (0: no limit).
        var maximumWords = 0
        /// Sentences opening each attempt that are held and judged together (0: none held).
        var openingSentences = 5
        /// Share of an attempt's opening sentences dropped as talk or echo past which the attempt failed.
        var maximumOpeningTalkShare = 0.5
        /// Sentences in a row paraphrasing an earlier chapter at which the attempt stops, as a
        /// copy; fewer are dropped and the text goes on. In a row, not in all: a small model's
        /// stock sentence said again ("The sun dipped below the horizon…") is dropped on its own,
        /// while one restating the earlier chapter sentence after sentence is stopped.
        var paraphrasesInARow = 2
        /// The text is a story's prose: a label opening a paragraph ("The map: In the depths…")
        /// is dropped and its sentence kept, and numbered lines are talk. Off for a post, whose
        /// labels and lists are its own.
        var narrative = true
    }

    /// Why an attempt was stopped.
    enum Stop: Sendable, Equatable {
        /// A loop, copy or persistent echo, with the offending text.
        case violation(GuardAction.Kind, String)
        /// The chapter reached `maximumWords` at a sentence end.
        case longEnough
    }

    /// What feeding a piece produced.
    struct Step: Sendable, Equatable {
        /// Text that may be shown now.
        var shown: String
        /// Set when the attempt must stop; nothing after `shown` is kept.
        var stop: Stop? = nil
    }

    /// What has been accepted, as one value so an attempt's opening can be taken back whole.
    private struct Accepted: Sendable {
        var text = ""
        var words: [String] = []
        var sentences = Set<String>()
        var runs = Set<String>()
        /// Each sentence's runs of `restatedContentWords` stemmed content words, each word in turn masked.
        var contentRuns = Set<String>()
        /// The first words of the last sentences (``ChapterGuard/openingWords`` each).
        var openings: [[String]] = []
        /// The meaningful stems of the last sentences (``ChapterGuard/rehashedSentences`` of them).
        var recentStems: [Set<String>] = []
        /// The vectors of the sentences ``ChapterGuard/encoder`` judged.
        var vectors: [[Float]] = []
        /// Whether the text ends inside a quotation.
        var quoteOpen = false
    }

    /// A quotation mark a dropped sentence opened or closed, which the next accepted text takes
    /// instead, so that dropping `"I'm so glad you're here, lassie.` from a speech does not
    /// leave the rest of it with a closing mark and no opening one.
    private enum QuoteCarry: Equatable {
        /// Goes before the next accepted sentence's first word.
        case open(Character)
        /// Goes right after the text accepted so far.
        case close(Character)
    }

    /// An attempt's opening, held until judged.
    private struct Opening: Sendable {
        /// What was accepted before the attempt began.
        var before: Accepted
        /// Accepted text not yet shown.
        var held = ""
        /// Sentences judged in the opening, and those dropped as talk or echo.
        var judged = 0
        var talk = 0
        /// The first line dropped as talk, for the record.
        var firstTalk: String?
    }

    let configuration: Configuration
    /// Lines dropped, with why, for the record.
    private(set) var dropped: [(kind: GuardAction.Kind, text: String)] = []
    /// Sentences of prose or talk judged in every attempt, and those thrown away as talk, echo
    /// or part of a failed attempt.
    private(set) var judgedSentences = 0
    private(set) var discardedSentences = 0
    private var pending = ""
    private var current = Accepted()
    private var opening: Opening?
    private let referenceRuns: Set<String>
    private let referenceContentRuns: Set<String>
    private let titles: Set<[String]>
    private let instructionSentences: Set<[String]>
    private var droppedThisAttempt = 0
    private var quoteCarry: QuoteCarry?
    private var paraphrasesInARow = 0
    private var madeUpThisAttempt = 0
    /// Earlier chapters' sentences, which this one must not say again in other words; `nil` for no check.
    var paraphrase: ParaphraseCheck?
    /// Sentence vectors: a sentence whose cosine with one the chapter already has is
    /// ``restatedCosine`` or more says it again in other words, and is dropped (`loop`). `nil`
    /// judges no meaning.
    var encoder: (any SentenceEncoder)?
    /// The words of the book's language: a sentence of ``languageJudgedWords`` or more words in
    /// lower case, ``foreignShare`` of them unknown to it, stops the attempt (`language`), and in a
    /// story (``dropsMadeUpWords``) one with a made-up word (``WordList/inventedWord(in:)``) is dropped. Over this work's
    /// saved chapters (2,719 sentences) 65 had a word in lower case the American list lacks, many
    /// of them compounds ("clockface") or dropped g's ("lookin'"); known so, and with the British
    /// list too, 33 are left, all but three with a made-up or broken word ("unforgivng",
    /// "lighthrapers", "lovetty", "does't"), those three with "impactful" (twice) and
    /// "unforgiveable". `nil` judges no language (a book in a language with no list).
    var vocabulary: WordList?
    /// Whether a sentence with a made-up word is dropped: in a story only. A guide's terms are
    /// words the list lacks too ("autolyse", "poolish", "levain", "banneton" in a bread guide;
    /// "async", "middleware").
    var dropsMadeUpWords = false

    /// The text accepted so far (every attempt) and shown; an opening still held is not in it.
    var accepted: String { opening?.before.text ?? current.text }

    /// A guard for a chapter whose prompt (and context) is `reference`; `titles` are the book's
    /// and chapters' titles, which the model must not print as lines of their own.
    /// `instructions` are the prompt's own fixed wording (its task, not its context): a
    /// sentence of it said back, however short ("Continue from there."), is an echo.
    init(reference: [String], titles: [String], instructions: [String] = [],
         configuration: Configuration = Configuration()) {
        self.configuration = configuration
        var runs = Set<String>()
        for text in reference { runs.formUnion(WordRuns.runs(WordRuns.words(text), length: configuration.copyRunWords)) }
        self.referenceRuns = runs
        self.referenceContentRuns = Set(reference.flatMap {
            WordRuns.runs(Self.content(WordRuns.words($0)), length: configuration.copyContentWords).flatMap(Self.masked)
        })
        self.titles = Set(titles.map(WordRuns.words).filter { !$0.isEmpty })
        self.instructionSentences = Set(instructions.flatMap { text in
            text.split(whereSeparator: { ".!?:\n".contains($0) }).map { WordRuns.words(String($0)) }
        }.filter { $0.count >= 2 })
    }

    /// Takes the record of dropped lines (each is reported once).
    mutating func takeDropped() -> [(kind: GuardAction.Kind, text: String)] {
        defer { dropped = [] }
        return dropped
    }

    /// Words accepted so far (an opening still held included).
    var wordCount: Int { current.words.count }

    /// Share of the sentences the model wrote that were thrown away as talk, echo or part of a failed attempt.
    var discardedShare: Double {
        judgedSentences == 0 ? 0 : Double(discardedSentences) / Double(judgedSentences)
    }

    /// Drops the unfinished sentence still held when an attempt was cut off by the token limit
    /// and the next one began a sentence of its own instead of finishing it ("…a story about
    /// sharing" + "Baking is a simple…"); returns it. It was never shown.
    mutating func dropUnfinished() -> String {
        let fragment = pending
        pending = ""
        let body = fragment.trimmingCharacters(in: .whitespacesAndNewlines)
        if !body.isEmpty {
            dropped.append((.unfinished, Self.shortened(body)))
            carryQuotes(of: body)
        }
        return fragment
    }

    /// Ends the text where it stands: the sentence held back is judged when it is whole, and
    /// dropped as unfinished when it is not.
    mutating func close() -> Step {
        if !Self.endsSentence(pending) { _ = dropUnfinished() }
        return finish()
    }

    /// Ends the chapter: a quotation its last paragraph opened and never closed is closed. A
    /// quick start's chapter 3 ended "…my heart, my soul."\n"I had lost my last memory, my only
    /// hope.", the sentence that would have closed it dropped as unfinished; 36 of 281 saved
    /// chapters had a quotation mark without its pair, many of them at the end ("…and said:
    /// "Lady, you are not lost."). One opened in an earlier paragraph is left as it is: an
    /// unpaired mark before it may be what left it open.
    mutating func end() -> Step {
        var shown = ""
        let lastParagraph = current.text.split(separator: "\n").last { !$0.allSatisfy(\.isWhitespace) } ?? ""
        if current.quoteOpen, Self.quoteOpen(after: lastParagraph, from: false) { closeQuotation(into: &shown) }
        return Step(shown: shown)
    }

    /// Starts a new attempt: the held text is dropped (a new attempt continues from `accepted`).
    mutating func startAttempt(keepingHeld: Bool) {
        if !keepingHeld {
            pending = ""
            // The model goes on from what was kept, quotation marks as they stand.
            quoteCarry = nil
        }
        droppedThisAttempt = 0
        madeUpThisAttempt = 0
        paraphrasesInARow = 0
        opening = configuration.openingSentences > 0 ? Opening(before: current) : nil
    }

    /// Feeds the next piece of the model's answer.
    mutating func feed(_ piece: String) -> Step {
        pending += piece
        var shown = ""
        while let end = Self.sentenceEnd(in: pending, longest: configuration.longestHeldWords) {
            let sentence = String(pending[..<end])
            // A list's number alone so far ("4. ") waits for what follows: a line break makes it an
            // empty item, dropped; words make it their number.
            let next = pending[end...].first { $0 != " " && $0 != "\t" }
            if next == nil, Self.isListMark(sentence) { break }
            pending = String(pending[end...])
            if next?.isNewline == true, dropsEmptyListItem(sentence) {
                pending = String(pending.drop { $0 == " " || $0 == "\t" })
                continue
            }
            if let found = judge(sentence, into: &shown) {
                let stop = stopping(found, &shown)
                return Step(shown: shown, stop: stop)
            }
            if let opening, opening.judged >= configuration.openingSentences {
                let settled = settle()
                shown += settled.shown
                if let stop = settled.stop { return Step(shown: shown, stop: stop) }
            }
        }
        // Words run together may go on for hundreds of letters before any sentence ends.
        // Judged as it stands, it is found garbled.
        if Self.runsTogether(pending, longest: configuration.longestWordLetters) {
            let garbled = pending
            pending = ""
            if let found = judge(garbled, into: &shown) { return Step(shown: shown, stop: stopping(found, &shown)) }
        }
        return Step(shown: shown, stop: nil)
    }

    /// Drops `sentence` when it is a list's number or bullet alone on its line ("19.", "22.", the
    /// end of a guide quick start's chapter written as a list), as a heading is dropped.
    private mutating func dropsEmptyListItem(_ sentence: String) -> Bool {
        guard Self.isListMark(sentence) else { return false }
        dropped.append((.heading, sentence.trimmingCharacters(in: .whitespacesAndNewlines)))
        return true
    }

    /// `words` of `body` with a list item's number as "#": a list looping on its items
    /// ("69. **Mocha** 70. **Mocha** 71. **Mocha**…", 94 items with "Mocha" 15 times and
    /// "Ginger" 13, a benchmark guide's whole chapter 1) differs in every run of words only by
    /// its numbers, and the loop checks saw none of it.
    static func numbering(_ words: [String], of body: String) -> [String] {
        guard let first = words.first, first.allSatisfy(\.isNumber),
              body.range(of: #"^\s*\d+[.)](\s|$)"#, options: .regularExpression) != nil else { return words }
        return ["#"] + words.dropFirst()
    }

    /// Whether `text` is a list's number or bullet and nothing else.
    static func isListMark(_ text: String) -> Bool {
        text.range(of: #"^\s*(\d+[.)]|[-*•])\s*$"#, options: .regularExpression) != nil
    }

    /// The answer ended: judges the sentence still held, then the attempt's opening.
    mutating func finish() -> Step {
        var shown = ""
        let last = pending
        pending = ""
        if !last.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, !dropsEmptyListItem(last),
           let found = judge(last, into: &shown) {
            let stop = stopping(found, &shown)
            return Step(shown: shown, stop: stop)
        }
        if case .close(let mark)? = quoteCarry, !current.text.isEmpty {
            release(accept(String(mark), words: []), into: &shown)
        }
        quoteCarry = nil
        let settled = settle()
        return Step(shown: shown + settled.shown, stop: settled.stop)
    }

    /// Judges the attempt's opening as it stands (the attempt ended, or was cut for length):
    /// shows it, or, when it is mostly talk, takes it back and stops the attempt as failed.
    mutating func settle() -> Step {
        guard let held = opening else { return Step(shown: "") }
        opening = nil
        let talkShare = held.judged == 0 ? 0 : Double(held.talk) / Double(held.judged)
        guard held.talk > 1, talkShare > configuration.maximumOpeningTalkShare else { return Step(shown: held.held) }
        discardedSentences += held.judged - held.talk
        current = held.before
        return Step(shown: "", stop: .violation(.failed, held.firstTalk ?? ""))
    }

    /// An attempt stopping within its opening: the opening is judged first, and its failure
    /// is the stop; otherwise the clean opening is shown and the attempt stops for `stop`.
    private mutating func stopping(_ stop: Stop, _ shown: inout String) -> Stop {
        // One sentence, then a copy: the sentence is most likely where the copy began ("A young
        // apprentice stood before him, her eyes shining.", nine words of the chapter before, then
        // its next ones), and kept, each continuation from it copied again (a benchmark chapter
        // ended at those nine words). It is taken back unseen; so is one before a sentence in
        // another language, itself most likely the start of it ("Escribir prueba para este
        // pañcilan más, es un poco de ejercicio…", a quarter of its words unknown to English).
        if case .violation(let kind, _) = stop, kind == .copy || kind == .language, let held = opening,
           held.judged - held.talk == 1 {
            opening = nil
            current = held.before
            discardedSentences += 1
            dropped.append((kind, Self.shortened(held.held.trimmingCharacters(in: .whitespacesAndNewlines))))
            return stop
        }
        let settled = settle()
        shown += settled.shown
        return settled.stop ?? stop
    }

    /// Judges one sentence (with the white space before it); accepted text goes to `shown`
    /// (or is held with the attempt's opening).
    private mutating func judge(_ sentence: String, into shown: inout String) -> Stop? {
        var sentence = sentence
        var body = sentence.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !body.isEmpty else {
            release(accept(sentence, words: []), into: &shown)
            return nil
        }
        if Self.runsTogether(body, longest: configuration.longestWordLetters) {
            judgedSentences += 1
            discardedSentences += 1
            return .violation(.garbled, Self.shortened(body))
        }
        if let vocabulary, let share = vocabulary.unknownShare(of: body, minimumWords: Self.languageJudgedWords),
           share >= Self.foreignShare {
            judgedSentences += 1
            discardedSentences += 1
            return .violation(.language, Self.shortened(body))
        }
        var words = Self.numbering(WordRuns.words(body), of: body)
        var scaffold = scaffolding(body, words: words)
        if scaffold == nil, configuration.narrative, opensParagraph(sentence), let label = Self.label(opening: sentence) {
            dropped.append((.label, String(sentence[label]).trimmingCharacters(in: .whitespaces)))
            sentence.removeSubrange(label)
            body = sentence.trimmingCharacters(in: .whitespacesAndNewlines)
            words = Self.numbering(WordRuns.words(body), of: body)
            scaffold = scaffolding(body, words: words)
        }
        if scaffold == nil, configuration.narrative, opensParagraph(sentence), Self.isBareLine(body, words: words) {
            scaffold = .heading
        }
        // A loop or copy stops the attempt; a sentence running away or restating an earlier one is only dropped.
        let repeated = scaffold == nil ? repetition(words) : nil
        let vector = scaffold == nil && repeated == nil && words.count >= ParaphraseCheck.minimumWords
            ? encoder?.vectors([body]).first : nil
        if scaffold == nil, repeated == nil,
           Self.runsAway(words) || Self.repeatsItself(words) || restates(words)
            || (configuration.narrative && (reopens(words) || rehashes(words)))
            || vector.map(restatesInOtherWords) == true {
            scaffold = .loop
        }
        if scaffold == nil, repeated == nil, dropsMadeUpWords, vocabulary?.inventedWord(in: body) != nil {
            // A second in one attempt stops it: the model keeps a word it made up ("the lassit smiled back",
            // "…watched the lassit walk away", a saved book's chapter 1), or DRY keeps cutting into a word of
            // the plan it says again ("deserted lounGEAEME's", "deserted loungGLESSED"), and only a call of
            // its own, calmed, goes on without it.
            madeUpThisAttempt += 1
            if madeUpThisAttempt >= 2 {
                judgedSentences += 1
                discardedSentences += 1
                return .violation(.language, Self.shortened(body))
            }
            scaffold = .language
        }
        if scaffold == .meta, configuration.narrative,
           body.range(of: Self.editorsReport, options: [.regularExpression, .caseInsensitive]) != nil {
            judgedSentences += 1
            discardedSentences += 1
            return .violation(.meta, Self.shortened(body))
        }
        if let kind = scaffold {
            dropped.append((kind, Self.shortened(body)))
            carryQuotes(of: body)
            // A heading now and then is harmless; the prompt echoed line after line is a derailed answer.
            guard kind != .heading else { return nil }
            judgedSentences += 1
            discardedSentences += 1
            droppedThisAttempt += 1
            if opening != nil {
                opening?.judged += 1
                opening?.talk += 1
                if opening?.firstTalk == nil { opening?.firstTalk = Self.shortened(body) }
            }
            if droppedThisAttempt > configuration.maximumDroppedLines { return .violation(.echo, Self.shortened(body)) }
            return nil
        }
        judgedSentences += 1
        if let kind = repeated { return .violation(kind, Self.shortened(body)) }
        if let paraphrase, paraphrase.isParaphrase(body) {
            paraphrasesInARow += 1
            if paraphrasesInARow >= configuration.paraphrasesInARow { return .violation(.paraphrase, Self.shortened(body)) }
            dropped.append((.paraphrase, Self.shortened(body)))
            carryQuotes(of: body)
            return nil
        }
        paraphrasesInARow = 0
        // A sentence that would take the chapter past its limit is left out: the chapter ends before
        // it, at a sentence end. A run-on broken at `longestHeldWords` is no sentence end, so the
        // piece after it is taken too, past the limit, rather than the chapter ending mid-sentence.
        if configuration.maximumWords > 0, !current.words.isEmpty,
           current.words.count + words.count > configuration.maximumWords, Self.endsSentence(current.text) {
            closeQuotation(into: &shown)
            return .longEnough
        }
        opening?.judged += 1
        if let vector { current.vectors.append(vector) }
        var kept = withCarriedQuote(sentence)
        if current.text.isEmpty, configuration.narrative { kept = Self.withoutFencingMark(kept) }
        release(accept(Self.withoutStrayClosingMarks(kept, from: current.quoteOpen), words: words), into: &shown)
        if configuration.maximumWords > 0, current.words.count >= configuration.maximumWords, Self.endsSentence(current.text) {
            closeQuotation(into: &shown)
            return .longEnough
        }
        return nil
    }

    /// Whether a line is a few words standing on their own with no sentence end, no speech and
    /// no label's colon: an invented title ("Bread That Lives Forever", "BREAD THAT CAN LIVE
    /// ALONG"), a list of names one to a line (thirteen, "Emily Brown", "Liliana Alonso"…, a
    /// benchmark guide's chapter). Over this work's saved chapters and runs, each such line of
    /// six words or fewer standing alone (22) was one of these; a line ending in a comma runs on
    /// into the next and is no line of its own.
    static func isBareLine(_ body: String, words: [String]) -> Bool {
        guard !words.isEmpty, words.count <= bareLineWords, !endsSentence(body), !runsOn(body[...]),
              !body.contains(where: { "\"“”".contains($0) }) else { return false }
        return body.reversed().first { !"*_ ".contains($0) } != ":"
    }

    /// Most words of a line ``isBareLine(_:words:)`` takes for a title or a name.
    static let bareLineWords = 6

    /// Whether `sentence` opens a paragraph: the chapter's first, or the first after a line break.
    private func opensParagraph(_ sentence: String) -> Bool {
        current.text.isEmpty || current.text.last?.isNewline == true
            || sentence.prefix(while: \.isWhitespace).contains(where: \.isNewline)
    }

    /// Where a label opens `sentence` ("The map: ", "Lighthouse keeper: "): up to four words,
    /// the first capitalised, then a colon and a capital letter or quote. Someone speaking or
    /// thinking ("He said: …", "One thing was certain: …"), a letter's greeting and a diary's
    /// date ("Day 3: …") are no labels.
    static func label(opening sentence: String) -> Range<String.Index>? {
        guard let match = sentence.range(of: labelPattern, options: .regularExpression) else { return nil }
        let label = sentence[match].prefix { $0 != ":" }
        let words = WordRuns.words(String(label))
        guard !words.contains(where: notLabelWords.contains) else { return nil }
        let start = sentence.firstIndex { !$0.isWhitespace } ?? match.lowerBound
        return start..<match.upperBound
    }

    private static let labelPattern = #"^\s*[*_]*\p{Lu}[\p{L}'’\-]*( [\p{L}'’\-]+){0,3}[*_]*:[*_]*[ \t]+(?=["“\p{Lu}])"#

    /// Words that make a colon's opening a clause, not a label.
    private static let notLabelWords: Set<String> = [
        "i", "he", "she", "it", "we", "they", "you", "there", "this", "that", "dear",
        "is", "was", "are", "were", "had", "has", "have", "said", "says", "asked", "replied", "whispered",
        "wrote", "read", "reads", "added", "shouted", "cried", "answered", "called", "thought", "murmured",
        "began", "explained", "continued", "declared", "announced", "warned", "sang", "knew", "saw",
    ]

    /// Shows accepted text now, or holds it with the attempt's opening.
    private mutating func release(_ text: String, into shown: inout String) {
        if opening != nil { opening?.held += text } else { shown += text }
    }

    private mutating func accept(_ sentence: String, words: [String]) -> String {
        // White space before the first accepted text is never shown.
        let text = current.text.isEmpty ? String(sentence.drop { $0.isWhitespace }) : sentence
        let tail = current.words.suffix(configuration.loopRunWords - 1)
        current.runs.formUnion(WordRuns.runs(Array(tail) + words, length: configuration.loopRunWords))
        current.words += words
        if words.count >= configuration.minimumRepeatedSentenceWords { current.sentences.insert(words.joined(separator: " ")) }
        current.contentRuns.formUnion(restatementRuns(of: words).flatMap(Self.masked))
        if words.count >= Self.openingWords {
            current.openings = Array((current.openings + [Array(words.prefix(Self.openingWords))]).suffix(Self.openingsKept))
        }
        if !words.isEmpty {
            current.recentStems = Array((current.recentStems + [Self.meaningfulStems(words)]).suffix(Self.rehashedSentences))
        }
        current.text += text
        current.quoteOpen = Self.quoteOpen(after: text, from: current.quoteOpen)
        return text
    }

    /// Closes a quotation the chapter would otherwise end inside: cut for length at a sentence
    /// end, a chapter ended mid-speech (``end()``).
    private mutating func closeQuotation(into shown: inout String) {
        guard current.quoteOpen else { return }
        release(accept(current.text.contains("“") ? "”" : "\"", words: []), into: &shown)
    }

    /// Records the quotation a dropped sentence opened or closed, to be put back with the next
    /// accepted text; one that opened and one that closed cancel out.
    private mutating func carryQuotes(of body: String) {
        let open: Bool = switch quoteCarry {
        case .open?: true
        case .close?: false
        case nil: current.quoteOpen
        }
        let after = Self.quoteOpen(after: body, from: open)
        guard after != open else { return }
        let curly = body.contains("“") || body.contains("”")
        if after {
            quoteCarry = quoteCarry == nil ? .open(curly ? "“" : "\"") : nil
        } else {
            quoteCarry = quoteCarry == nil ? .close(curly ? "”" : "\"") : nil
        }
    }

    /// `sentence` with the quotation mark a dropped one left behind: an opening mark before
    /// its first word (unless it opens a quotation itself), a closing one before its white space.
    private mutating func withCarriedQuote(_ sentence: String) -> String {
        guard let carry = quoteCarry else { return sentence }
        quoteCarry = nil
        switch carry {
        case .close(let mark):
            return String(mark) + sentence
        case .open(let mark):
            let start = sentence.firstIndex { !$0.isWhitespace } ?? sentence.endIndex
            guard start < sentence.endIndex, !"\"“".contains(sentence[start]) else { return sentence }
            var result = sentence
            result.insert(mark, at: start)
            return result
        }
    }

    /// A chapter's first sentence without the quotation mark it opens with and does not close:
    /// the prompt gives the text so far between quotation marks, and the bundled model began 53
    /// of 1,201 chapters of this work's runs with one, nearly all of them narration or a guide's
    /// prose ("\"In the depths of the island's weathered shoreline lay a mysterious map…",
    /// "\"Baking is a skill that warms the heart…"), the mark never closed or closed where a
    /// speech later began, turning the quotation inside out. A first sentence that closes its
    /// quotation is speech (`"Hello," she said.`), and so is a short one (`"Stay. Please stay,"
    /// she begged.`): under ``fencedWords`` words, the mark is kept. The closing mark of a
    /// quotation left open goes as a stray one (``withoutStrayClosingMarks(_:from:)``).
    static func withoutFencingMark(_ sentence: String) -> String {
        guard let start = sentence.firstIndex(where: { !$0.isWhitespace }), "\"“".contains(sentence[start]),
              quoteOpen(after: sentence[sentence.index(after: start)...], from: true),
              WordRuns.words(sentence).count >= fencedWords
        else { return sentence }
        var result = sentence
        result.remove(at: start)
        return result
    }

    /// Fewest words of a chapter's first sentence whose unclosed opening mark is the prompt's
    /// fence: of the 53 openings above this takes the mark off 37; the speech among them began
    /// with a short sentence ("I have never lost a message before.", "It's a message, you're
    /// right."), and so did some narration, which keeps its mark ("He began by making an origami
    /// crane.").
    static let fencedWords = 10

    /// `sentence` without the closing quotation marks it has while no quotation is open: a
    /// straight mark after a word or stop and before white space, a stop or the end, or a curly
    /// closing one. The bundled model ended a sermon with `…in your own inner fire."`, no speech
    /// begun; kept, the mark read as the start of one.
    static func withoutStrayClosingMarks(_ sentence: String, from open: Bool) -> String {
        guard sentence.contains(where: { $0 == "\"" || $0 == "”" }) else { return sentence }
        var open = open
        var result = ""
        var previous: Character?
        var rest = sentence[...]
        while let character = rest.popFirst() {
            switch character {
            case "\"":
                let next = rest.first
                let closes = previous.map { !$0.isWhitespace } == true
                    && next.map { $0.isWhitespace || ",.;:!?)".contains($0) } != false
                if closes, !open { continue }
                open.toggle()
            case "“": open = true
            case "”":
                if !open { continue }
                open = false
            default: break
            }
            result.append(character)
            previous = character
        }
        return result
    }

    /// Whether a text starting inside a quotation (`open`) or not ends inside one: a straight
    /// mark toggles, a curly one opens or closes.
    static func quoteOpen(after text: some StringProtocol, from open: Bool) -> Bool {
        var open = open
        for character in text {
            switch character {
            case "\"": open.toggle()
            case "“": open = true
            case "”": open = false
            default: break
            }
        }
        return open
    }

    /// A loop or a copy in `words` (a sentence about to be accepted), if any.
    func repetition(_ words: [String]) -> GuardAction.Kind? {
        if words.count >= configuration.minimumRepeatedSentenceWords,
           current.sentences.contains(words.joined(separator: " ")) {
            return .loop
        }
        // Runs that end in this sentence, starting in it or in the text just before it.
        let loopLength = configuration.loopRunWords
        let loopWindow = Array(current.words.suffix(loopLength - 1)) + words
        var seen = Set<String>()
        if loopWindow.count >= loopLength {
            for start in 0...(loopWindow.count - loopLength) {
                let run = loopWindow[start..<(start + loopLength)].joined(separator: " ")
                if current.runs.contains(run) || !seen.insert(run).inserted { return .loop }
            }
        }
        let copyLength = configuration.copyRunWords
        if Self.endsInRun(Array(current.words.suffix(copyLength - 1)) + words, length: copyLength, of: referenceRuns) {
            return .copy
        }
        let contentLength = configuration.copyContentWords
        let contentTail = Self.contentSuffix(current.words, count: contentLength - 1)
        if Self.endsInRun(contentTail + Self.content(words), length: contentLength, of: referenceContentRuns,
                          keys: Self.masked) {
            return .copy
        }
        return configuration.narrative && lacksVariety(words) ? .loop : nil
    }

    /// Whether `words`, accepted, would leave the chapter's latest ``Configuration/varietyWindow``
    /// words with too few different ones (``Configuration/minimumVariety``).
    func lacksVariety(_ words: [String]) -> Bool {
        let size = configuration.varietyWindow
        guard size > 0, current.words.count + words.count >= size else { return false }
        let window = current.words.suffix(max(0, size - words.count)) + words.suffix(size)
        return Double(Set(window).count) < Double(size) * configuration.minimumVariety
    }

    /// Whether a sentence says one pair of words (not both function words) at least
    /// ``runawayPairs`` times: a sentence that loops within itself in varied words ("The keeper
    /// listened to the keeper's stories, and the keeper listened to his own, until the keeper
    /// reached the end of the keeper's story, and the keeper turned back to the keeper's face.",
    /// "a figure who had walked alone…, a figure who carried…, a figure who had been given…").
    /// It is dropped, not stopped at: the sentences around it are sound.
    static func runsAway(_ words: [String]) -> Bool {
        guard words.count >= 2 * runawayPairs else { return false }
        var counts: [String: Int] = [:]
        for (first, second) in zip(words, words.dropFirst())
        where !(WordRuns.functionWords.contains(first) && WordRuns.functionWords.contains(second)) {
            let pair = first + " " + second
            counts[pair, default: 0] += 1
            if counts[pair]! >= runawayPairs { return true }
        }
        return false
    }

    /// Whether a sentence says a phrase again straight after saying it: three words or more, two
    /// of them meaningful (not function words, pronouns or auxiliaries), said twice with at most
    /// ``echoGap`` words between that say nothing ("The island was gone, and the island was
    /// gone.", "The keeper is lost, the keeper is lost.", "He looked at himself once more, and he
    /// looked at himself again."), or two words, one meaningful, said three times in a row ("The
    /// island, the island, the island...", "forever changed, forever changed, forever changed").
    /// A quick start's chapter 1 kept the first and the fourth.
    ///
    /// Over 4,615 sentences of this work's saved chapters this finds 32: 28 such loops, and four
    /// lines of speech saying a phrase twice for weight ("I'm afraid I'll lose you, I'll lose you
    /// forever.").
    /// Said further apart, or with something said between, a phrase is prose as often as not
    /// ("…because they wanted to find their way, but also because they wanted to leave…", "It was
    /// a moment of great beauty, a moment of great mystery.", "You must take the map, you must
    /// take the key."). It is dropped, not stopped at, as ``runsAway(_:)``.
    static func repeatsItself(_ words: [String]) -> Bool {
        let meaningful = words.map(Self.isMeaningful)
        func count(_ start: Int, _ length: Int) -> Int { meaningful[start..<(start + length)].filter { $0 }.count }
        for length in stride(from: min(echoedRunWords.upperBound, words.count / 2), through: echoedRunWords.lowerBound, by: -1) {
            for start in 0...(words.count - 2 * length) where count(start, length) >= 2 {
                let run = words[start..<(start + length)]
                let end = start + length
                // Only words that say nothing between the two ("and", "once more and"): "you must take the
                // map, you must take the key" is a sentence built on purpose.
                for again in end...min(end + echoGap, words.count - length) where words[again..<(again + length)] == run {
                    if (end..<again).allSatisfy({ !meaningful[$0] || Self.echoGapWords.contains(words[$0]) }) {
                        return true
                    }
                }
            }
        }
        guard words.count >= 6 else { return false }
        for start in 0...(words.count - 6) where count(start, 2) >= 1 {
            let pair = words[start..<(start + 2)]
            var next = start + 2
            var said = 1
            while said < 3, next <= words.count - 2,
                  let found = (next...min(next + 1, words.count - 2)).first(where: { words[$0..<($0 + 2)] == pair }) {
                said += 1
                next = found + 2
            }
            if said == 3 { return true }
        }
        return false
    }

    /// Lengths of the phrases ``repeatsItself(_:)`` looks for twice, the most words between the
    /// two, and the meaningful words that may be among them.
    static let echoedRunWords = 3...8
    static let echoGap = 3
    static let echoGapWords: Set = ["again", "once"]

    /// Whether a sentence opens as two of the last four sentences kept did: a third "He smiled at
    /// himself…" in a row of them ("He smiled at himself again.", "He smiled at himself twice
    /// more, a new perspective.", eleven in one chapter), "He looked at the pen once more.". Over
    /// 39 saved chapters (978 sentences) this found 26, all but three such loops (the others:
    /// "I knew that I must find a way out…" after two more "I knew that…").
    /// A sentence of three words is judged by its first two, its last being what changes: "You're
    /// Aria's mother.", "You're Aria's father.", "You're Aria's wife."… thirteen in a row of a
    /// quick start's chapter 2 (over this work's saved chapters the rule finds no other).
    ///
    /// A fourth sentence in a row opening with the same two words is one too, however its third
    /// differs ("He looked around… He looked down at his reflection… He looked back… He looked up…",
    /// "He smiled at…" eight times): over 294 saved chapters such a fourth came 51 times in 19
    /// chapters, nearly all such loops; the rest a plain anaphora ("He had seen it all… He had been
    /// a sailor… He had lost loved ones… He had walked the streets…").
    func reopens(_ words: [String]) -> Bool {
        guard words.count >= Self.openingWords else { return false }
        let length = min(Self.openingWords, words.count - 1)
        let opening = words.prefix(length)
        if current.openings.filter({ $0.prefix(length) == opening }).count >= 2 { return true }
        let pair = words.prefix(2)
        return current.openings.count >= 3 && current.openings.suffix(3).allSatisfy { $0.prefix(2) == pair }
    }

    /// Whether a sentence says nothing the last ``rehashedSentences`` kept sentences did not: its
    /// meaningful words, at least ``rehashedWords`` of them, all said there in some order — a
    /// loop in varied words ("They carried the flame, and they carried the light. The islanders
    /// carried the lantern, and they carried the flame.", "He told himself stories about who he
    /// used to be… He told himself stories."). Over 106 saved chapters of the bundled model
    /// (1,557 sentences) this found 16, 13 of them such loops (the others: "He had never told
    /// anyone about his family." after "…but he never told anyone", and two like it).
    func rehashes(_ words: [String]) -> Bool {
        let stems = Self.meaningfulStems(words)
        guard stems.count >= Self.rehashedWords, !current.recentStems.isEmpty else { return false }
        return stems.isSubset(of: current.recentStems.reduce(into: Set<String>()) { $0.formUnion($1) })
    }

    /// Whether a sentence's `vector` is one the chapter already has, near enough
    /// (``restatedCosine``): "A lone lighthouse keeper sat on the crumbling tower, gazing out
    /// across the endless expanse of the sea…" after "A lone lighthouse keeper sat alone in the
    /// crumbling tower, staring out at the endless expanse of the sea.", a quick start's chapter 1.
    func restatesInOtherWords(_ vector: [Float]) -> Bool {
        ParaphraseCheck.isNear(vector, anyOf: current.vectors, cutoff: Self.restatedCosine)
    }

    /// Cosine at which a sentence restates one of its chapter. Over 203 saved chapters (2,308
    /// sentences of six words or more), 36 sentences came this near one before them, every one
    /// a restatement ("He had returned, but he had never gone back." after "He had returned home,
    /// but he had never returned.", "A small piece was kept, but it was gone." after "A small
    /// piece was removed…"); between 0.80 and 0.85 some were the story going on ("I walked across
    /// the island again." after "I walked across the island with my crew.").
    static let restatedCosine: Float = 0.85

    /// The stems of `words` that carry meaning: no function words, pronouns or auxiliaries.
    static func meaningfulStems(_ words: [String]) -> Set<String> {
        Set(WordRuns.contentStems(words.filter(isMeaningful)))
    }

    /// Whether `word` carries meaning: no function word, pronoun or auxiliary.
    static func isMeaningful(_ word: String) -> Bool {
        !WordRuns.functionWords.contains(word) && !commonWords.contains(word)
    }

    /// Kept sentences ``rehashes(_:)`` compares with, and the fewest meaningful words it judges.
    static let rehashedSentences = 3
    static let rehashedWords = 3

    /// Pronouns, auxiliaries and other words that say nothing of what happens.
    static let commonWords: Set<String> = [
        "he", "she", "it", "i", "you", "we", "they", "him", "me", "us", "them", "my", "your", "our", "had", "has",
        "have", "do", "did", "does", "not", "no", "so", "if", "then", "than", "there", "here", "what", "when",
        "where", "how", "all", "would", "could", "should", "will", "can", "may", "might", "been", "being", "into",
        "out", "up", "down", "over", "just", "only", "very", "too", "also", "one", "more", "some", "any", "every",
        "each", "own", "same", "such",
    ]

    /// Fewest words in lower case a sentence needs for its language to be judged, and the share
    /// of them unknown to ``vocabulary`` at which it is not in the book's language. Over 2,407
    /// such sentences of this work's saved English chapters, one had 30 % unknown or more ("A
    /// lamelighter's findin' a bottle in the mornin'.", 43 %); the Spanish a benchmark guide's
    /// chapter 2 turned into had 29–56 % ("de", "la", "el" and "amigo" are in the English list).
    static let languageJudgedWords = 6
    static let foreignShare = 0.3

    /// Words of a sentence's opening that ``reopens(_:)`` compares, and how many openings it keeps.
    static let openingWords = 3
    static let openingsKept = 4

    /// Whether a sentence restates one the chapter already has (``Configuration/restatedContentWords``).
    func restates(_ words: [String]) -> Bool {
        restatementRuns(of: words).contains { Self.masked($0).contains(where: current.contentRuns.contains) }
    }

    /// A sentence's runs of ``Configuration/restatedContentWords`` stemmed content words.
    private func restatementRuns(of words: [String]) -> Set<String> {
        WordRuns.runs(WordRuns.contentStems(words), length: configuration.restatedContentWords)
    }

    /// Times one pair of words may come in a sentence before it is dropped as running away.
    static let runawayPairs = 4

    /// Whether any run of `length` words of `window` is one of `runs`, looked up under each of
    /// its `keys` (itself, unless given: ``masked(_:)`` finds runs one word apart).
    private static func endsInRun(_ window: [String], length: Int, of runs: Set<String>,
                                  keys: (String) -> [String] = { [$0] }) -> Bool {
        guard window.count >= length else { return false }
        return (0...(window.count - length)).contains { start in
            keys(window[start..<(start + length)].joined(separator: " ")).contains(where: runs.contains)
        }
    }

    /// Whether `text` has a run of more than `longest` letters.
    static func runsTogether(_ text: String, longest: Int) -> Bool {
        var run = 0
        for scalar in text.unicodeScalars {
            if scalar.properties.isAlphabetic {
                run += 1
                if run > longest { return true }
            } else {
                run = 0
            }
        }
        return false
    }

    /// `words` without function words, plurals as singulars ("hands" as "hand").
    static func content(_ words: [String]) -> [String] {
        words.filter { !WordRuns.functionWords.contains($0) }.map(singular)
    }

    /// A word without a plural "s" ("hands", not "glass" or "was").
    static func singular(_ word: String) -> String {
        word.count > 3 && word.hasSuffix("s") && !word.hasSuffix("ss") ? String(word.dropLast()) : word
    }

    /// A run of words (joined by spaces) with each word in turn replaced by "*": two runs share
    /// one of these exactly when they differ in at most one word.
    static func masked(_ run: String) -> [String] {
        let words = run.split(separator: " ")
        return words.indices.map { index in
            var copy = words
            copy[index] = "*"
            return copy.joined(separator: " ")
        }
    }

    /// The last `count` content words of `words`, found from the end: the chapter so far is
    /// not filtered whole for every sentence.
    static func contentSuffix(_ words: [String], count: Int) -> [String] {
        var suffix: [String] = []
        for word in words.reversed() where !WordRuns.functionWords.contains(word) {
            guard suffix.count < count else { break }
            suffix.append(singular(word))
        }
        return suffix.reversed()
    }

    /// Whether a line is a heading, byline, prompt label or talk about the chapter.
    func scaffolding(_ body: String, words: [String]) -> GuardAction.Kind? {
        if titles.contains(words) { return .heading }
        // An instruction said back, or begun and run on ("The chapter is long enough to continue with another sentence.").
        if instructionSentences.contains(words)
            || instructionSentences.contains(where: { $0.count >= 4 && words.starts(with: $0) }) { return .echo }
        for (pattern, kind) in configuration.narrative ? Self.chapterPatterns : Self.patterns
        where body.range(of: pattern, options: [.regularExpression, .caseInsensitive]) != nil {
            return kind
        }
        return nil
    }

    /// An editor's report on the text instead of the text, a whole quick-start chapter's opening ("I made a
    /// few changes to enhance the text while maintaining its original meaning. For instance, I changed "A
    /// sailor stumbled…" to "I walked among…" to create a more vivid image of the scene. I also rephrased
    /// "The linden" to "The linden" to ensure proper punctuation… to use the correct verb tense…"). Once the
    /// model reports on edits nothing after is the book: a quick start's chapter 3, continued, went on "I made
    /// some changes to improve the writing style and clarity… I added the word "but" to connect the two
    /// sentences… I added a comma after the last sentence… I removed the "and" at the end of the first
    /// sentence…", seven sentences dropped one by one, 2.0 s of the book; the first now stops the attempt.
    /// A benchmark guide's chapter 1 kept one in full ("I started by adding a few sentences to convey a
    /// message of kindness… I chose words that are easy to read… I tried to avoid clichés… Instead of
    /// saying "every day is a new opportunity," I said… I ended with a sentence that was catchy…"): over
    /// 28,841 sentences of this work's saved chapters and runs, the phrases added for it find only
    /// such talk (7 sentences).
    static let editorsReport = #"\bverb tenses?\b|\bpunctuation\b|\bgrammatical(ly)?\b|\b(singular|plural) nouns?\b|\bindependent clauses?\b"#
        + #"|\bsubject-verb\b|\b(made|make) (a few|a couple of|some|several|minor|small) (\w+ )?(changes|edits)\b|\bminor edits?\b"#
        + #"|\bi (\w+ )?(changed|replaced|rephrased|reworded) ["“'][^"”]{1,120}["”'] (to|with) ["“']"#
        + #"|\b(the|its) original (text|sentence|meaning|wording)\b|\b(enhance|improve) the (text|passage|writing)\b"#
        + #"|\bsmoother transition\b|\bmore (formal|casual|vivid|natural) (tone|image|flow)\b"#
        + #"|\bi (also )?(added|removed|moved|deleted) (the word|a comma|a period|a (few|couple of) (words|sentences)|a new sentence)\b"#
        + #"|\bi (started|began) by (adding|writing|changing|using|rewriting)\b|\bi (also )?added (a personal touch|a phrase)\b"#
        + #"|\bi (chose|picked) (words|phrases|a phrase|language)\b|\bclich(é|e)s?\b|\binstead of saying ["“']"#
        + #"|\bi (ended|closed|finished|opened|began|started) (it )?with a (sentence|phrase)\b"#

    /// Every line a chapter's guard drops: ``patterns`` and ``narrativePatterns``.
    static let chapterPatterns = patterns + narrativePatterns

    /// Lines that are not a story's prose, though a post's may be.
    static let narrativePatterns: [(String, GuardAction.Kind)] = [
        // A numbered list ("1) To keep on going, 2) For your consideration…"): the bundled model's
        // lists in a chapter are writing tips and plans, not the story.
        (#"^[*_\s]*\d+[.)]\s|\b1\)\s.*\b2\)\s"#, .meta),
        // The model handing over its work ("Here is a guide that will help you do it", "Here is the next
        // part of the guide:", "Here's the next part.": five lines of this work's books, all such talk).
        (#"\bhere('s| is) (the|your|a) (\w+ )?(version|draft|guide|book)\b"#
            + #"|\bhere('s| is) (the|your|a) (next|first|last|final|new|continued) (part|section|chapter|installment|passage|segment)\b"#, .meta),
        // The model asking itself what to write next, or counting what is left, when asked to continue
        // ("What can I add?", "there were only two more sentences remaining"); the story saying where it is.
        (#"^[*_\s]*what (else )?(can|could|should|shall|do|would) (i|we) (add|write)\s*\??[*_\s]*$|\bsentences? remaining\b|\bmore sentences? (left|to go)\b"#
            + #"|^[*_\s]*(the|this|our) (story|tale)\b.{0,80}\b(has reached|reaches|comes to|draws to|is nearing) (its |a )?(climax|end|close|conclusion)\b"#, .meta),
        // The text commenting on itself ("In this passage, I've used a mix of simple language and vivid
        // imagery…", "This introduction sets the tone nicely", "In this next part, I want to share…").
        (#"^[*_\s]*in this (next )?(story|passage|section|excerpt|introduction|part)\s*,|^[*_\s]*in this next part\b|\bthis introduction\b"#
            + #"|\bthe next few (sentences|paragraphs)\b|\b(additional|extra) (sentences?|paragraphs?)\b"#
            + #"|\bi('ve| have)? used (a |an )?(\w+ ){0,4}(language|imagery|words|sentences|phrases|tone)\b"#
            + #"|^[*_\s]*this is a (\w+ )?(book|story|guide|tale) (about|that|which|for)\b|\bas i continue to write\b"#
            // … or on where it goes next ("This is another continuation that expands upon the story…",
            // "The story is told in a more lyrical and descriptive manner", "I will be continuing the
            // narrative in future episodes", "I'm excited to continue sharing stories").
            + #"|\bcontinuations?\b|\bnarrative (style|voice)\b|\bthe (final|first|last|next) sentence\b|\b(the|this) story is (told|written)\b"#
            + #"|\b(final|next|last) segment\b|\bfuture episodes?\b|\bcontinu\w* (the|this|our) (narrative|series)\b"#
            + #"|\b(excited|thrilled|happy) to (continue|keep) (sharing|writing|telling)\b|^[*_\s]*i hope this (brings|helps|gives|was)\b"#
            // … or on what it is for ("In my story, I wanted to share…", "This story aims to inspire…",
            // "I'm excited to see how this story will reach a wider audience").
            + #"|\bin my (story|book|guide|stories)\b|\b(this|my|the) (story|book|guide) (aims|hopes|seeks|is meant|is designed)\b"#
            + #"|\bhow (this|my) (story|book|guide) will\b|\b(reach|inspire) a (wider|new|broader) (audience|generation)\b"#
            // … or on the reader's writing ("your creative writing endeavors", "your writing project").
            + #"|\bcreative writing\b|\bwriting (project|endeavou?rs?)\b|\byour creative (vision|work|ideas?|projects?)\b"#
            // … or on how it wrote the scene ("I've tried to make this scene feel like the opening of a book",
            // "I wanted to focus on showing and describing…", "no bold formatting necessary here").
            + #"|\bi('ve| have)? tried to make (this|the) (scene|story|chapter|passage|text|opening)\b|\b(this|the) scene feel\b"#
            + #"|\bi wanted to focus on (showing|describing|writing|telling)\b|\b(bold|italic) formatting\b"#
            + #"|\bthe opening of (a|the|this) (book|story|novel|chapter)\b"#
            // … or on going on, after a continuation ("The story has moved on to the next section, but I'll
            // keep the beginning of the previous section intact.", "I'm ready.", "Let's continue with the
            // next part.", "There are many more words.", a quick-start chapter's whole opening).
            + #"|\b(the|this|our) story has moved on\b|\b(the|this) (next|previous|following) section\b|\b(section|beginning|part) intact\b"#
            + #"|^[*_\s]*i'?m ready[.!]?[*_\s]*$|^[*_\s]*you can go on[.!]?[*_\s]*$|\bcontinue with the (next|following) (part|section|chapter)\b"#
            + #"|\blet'?s continue\b[^"”]*$|\b(finish|write|continue) the rest of the (story|chapter|text)\b|\bthere are (many )?more words\b"#
            + #"|\bthat'?s all (we|you) will get\b|^[*_\s]*(a|an) (\w+ )?(story|tale|novel) (set|about)\b"#
            // … or on what it is asked ("I'm ready to continue the story. What do you want me to do?", "You've done
            // everything well.", "But I want more detail-filled prose without cluttering what should be several long sentences.").
            + #"|^[*_\s]*i'?m ready to (continue|write|begin|start)\b|\bwhat do you want me to (do|write)\b"#
            + #"|^[*_\s]*you'?ve done (everything well|all the work)\b|\b(more|detail-filled|descriptive|detailed) prose\b"#
            + #"|\bwithout cluttering\b|\ban entire narrative\b"#
            // … or summing the story up instead of telling it ("The story of a lone wolf on a remote island … is a
            // tale of hope and resilience.", "The tale is about a lighthouse keeper whose love for his crew…").
            + #"|^[*_\s]*the (story|tale) of\b[^.!?]{0,200}\bis (a|an) (\w+ ){0,2}(tale|story)\b"#
            + #"|^[*_\s]*(the|this|our) (story|tale|book|novel) (is|was) (about|the story of)\b"#
            // … or retelling it as a synopsis (a quick start's chapter 3, whole: "The story follows a lighthouse
            // keeper, one of a few who have been lost…", "The story also includes a description of a location…",
            // "As the story continues, the keeper's thoughts are filled with wonder…"; over this work's saved
            // chapters and logs the only other such openings are "The story continues to unfold…" and "The
            // story also goes on to describe…").
            + #"|^[*_\s]*(as )?(the|this|our) (story|tale|narrative) (also )?(follows|includes|describes|explores|cent(er|re)s on|revolves around|continues|unfolds|progresses|goes on to)\b"#
            // … or saying where it stands, or exclaiming over it ("The story ends with him standing there, lost
            // in thought…", "What a tale of fate and bravery.", "A scene set before the final climb…": a quick
            // start's chapters 1, 2 and 3; "Lysander's story is about the power of dreams…", "And so the story
            // goes on, and the story begins again with the map.", "Lysander's story ends with a message…").
            // Said in the present, as talk about a story is; a story told in the past ("Her father's story began
            // with a storm.") is kept.
            + #"|^[*_\s]*(and so,? )?(the|this|our|\w+'s) (story|tale) ((ends|begins|opens|closes|starts|concludes),? (with|as|when|where)|goes on)\b"#
            + #"|^[*_\s]*\w+'s (story|tale) is about\b"#
            // … or on how it was retold, or what it is a tale of ("The story has been reinterpreted to fit the present
            // narrative…", "…and her story is a tale of courage, resilience, and the power of selflessness.").
            + #"|^[*_\s]*(the|this|our) (story|tale) has been (\w+ )?(rewritten|reinterpreted|adapted|revised|retold|reimagined)\b"#
            + #"|\bthe present narrative\b|\b(his|her|their|\w+'s) (story|tale|journey) is (a|an) (\w+ ){0,2}(tale|story) of\b"#
            + #"|^[*_\s]*what an? (\w+ ){0,2}(tale|story)\b|^[*_\s]*(a|an) (\w+ )?scene set\b"#
            // … or on how it goes on, in the prompt's words ("It continues like this with other ideas in the
            // story. In Liar's next part, he discovers a log…", a quick start's chapter 3; over 23,015 saved
            // sentences these are the only ones found, "the next part of the cave" is the story's own).
            + #"|^[*_\s]*(it|this|the (story|tale|text)) (continues|goes on) (like this|in this (way|vein|manner)|this way)\b"#
            + #"|\b(in|for) (the|\w+'s) next part(?! of)\b"#
            // … or advising its author what the text could say (a guide quick start's chapter 3: "You could go on to
            // discuss techniques, such as…", "To conclude the book, you could discuss the importance of patience…"; its
            // chapter 1: "In fact, the book is designed to encourage users…"; none in this work's saved chapters and
            // logs before). "You could talk about it with a friend" may be a guide's own advice, and is kept.
            + #"|\byou could (also )?(go on to \w+|discuss|write about|expand on)\b"#
            + #"|^[*_\s]*to conclude (the|this) (book|chapter|guide|story|section)\b"#, .meta),
        (editorsReport, .meta),
    ]

    /// Lines that are not prose: what each pattern catches.
    static let patterns: [(String, GuardAction.Kind)] = [
        // A heading mark with or without its heading ("### " alone opened a benchmark guide's chapter 2).
        (#"^#{1,6}(\s|\d|$)"#, .heading),
        (#"^[*_\s]*(chapter|part|book)\s+([0-9]+|[ivxlc]+|one|two|three|four|five|six|seven|eight|nine|ten)\b\s*([:.\-–—*]|$)"#, .heading),
        (#"^[*_\s]*(by|written by|author|authored by)\s*[:\-]"#, .heading),
        (#"^[*_\s]*by\s+\p{Lu}[\p{L}.]*(\s+\p{Lu}[\p{L}.]*){0,3}[*_\s]*$"#, .heading),
        (#"^[*_\s]*(the end|end of chapter( \d+)?|to be continued)[.!:*_\s]*$"#, .heading),
        // The front matter of a book the model imagines it is printing.
        (#"\b(title page|table of contents|all rights reserved|front cover|back cover|isbn\b|binding\s*[:\]])|^[*_\s]*(dedication|copyright|binding)\b"#, .heading),
        (#"^\s*\[[^\]]*\]\s*$"#, .heading),
        // A title of the model's own between double angle brackets ("<<The Art of Simple Everyday Flour: A
        // Guide for All You Will Know and Love>>", a guide quick start's opening line).
        (#"^\s*<<[^<>]*>>\s*$"#, .heading),
        // Labels of the text's own parts ("1st paragraph") and stage directions on a line of their own.
        (#"^[*_\s]*(\d+(st|nd|rd|th)|first|second|third|fourth|fifth|last|final|next|opening|closing)\s+(paragraph|section|scene|part|stanza)\b[*_:.\s]*$"#, .heading),
        (#"^\s*\([^()]*\)\s*$"#, .heading),
        // The prompt's labels said back, its own ("The text so far ends like this:") in other words too
        // ("The text ends like this:", "The text ends:", seven lines of this work's books, every one followed
        // by the last chapter's ending again; "The text read: …" in a story is not one).
        (#"^[*_\s]*(book title|title|book summary|summary|author'?s instructions|instructions|this chapter'?s plan|plan|the end of chapter \d+|chapter \d+, in full|summary of chapter \d+|passage from chapter \d+|the story so far[^:]*|reference|task|word count|the text( so far)?( (ends|ended|finishes))?( like this| here)?|(from )?earlier( in the book)?)[*_\s]*:"#, .echo),
        (#"\b(the book'?s plan|words of prose|write about \d+ words|\d+ words\b|write (the )?next (paragraph|chapter|part)\b|do not write the chapter title|start directly with the text|continue the text exactly|following its plan above)"#, .echo),
        (#"\b(in this chapter|this chapter|the next chapter|end of the chapter|in this book|this book\b|in chapter \d+|as an ai\b|language model|here('s| is) (the|your|a) (\w+ )?(chapter|story|text)\b|i hope you enjoy|the text (continued|continues|goes on)|in the same style"#
            + #"|(do you|would you like|should i|shall i)\b.{0,20}\b(me to (write|continue)|write another|continue (the|this) (story|text|chapter))|another version of (this|the) (story|text|chapter)|let'?s get creative"#
            + #"|this narrative\b|let me know what you|(like|want) me to (create|write|continue)|(i'?ll|i will) start (this|the|a) new story|finish your (ending|passage|sentence)|^[*_\s]*the story (begins|starts|continues)\s*[:.]|\bi could have (rephrased|reworded|phrased|written)\b|\blet me (try )?(rephras|reword|rewrit)\w*|\b(more|fewer|less) than (\w+[- ]){0,3}(words|pages)\b)"#, .meta),
        // The narrator presenting the story instead of telling it ("I am here to share a story that has
        // captured my heart… And now, I must tell you about my new story…", a quick start's whole chapter 3;
        // "I'm thrilled to share a tale of a lighthouse keeper's journey…"). Over this work's books every
        // sentence these find is such talk (11); "\"Let me tell you a story,\" the old man said." is not one.
        (#"\b(a|this|my) (story|tale) that (has )?(captured|touched|stolen|won) my heart\b|\bmy (new|latest) (story|novel|tale)\b"#
            + #"|\b(i'm|i am) (so )?(thrilled|excited|delighted|here|happy|ready) to share (a|this|my) (story|tale)\b"#
            + #"|\b(i|we) (will|'ll|must|am going to|'m going to) (share|tell you about) (this|my|a) (new )?(story|tale)\b"#, .meta),
        // The model remarking on the text breaking off, or on its devices ("The text ended abruptly,
        // but the story continues: The phrase … seems to be a double negative, which is a literary
        // device…", a quick start's chapter 3, kept as its last paragraph; "The story ends abruptly,
        // but you can continue."). Over this work's books every sentence these find is such talk (10).
        (#"\bthe (text|passage|chapter) (ended|ends|stopped|stops|breaks off|broke off) (abruptly|suddenly|mid-sentence|short|here|there)\b"#
            + #"|\bthe story (ended|ends|stopped|stops|breaks off|broke off) (abruptly|suddenly|mid-sentence)\b|\bthe story continues\s*:"#
            + #"|\bliterary (device|technique)s?\b|\bdouble negative\b|\bnarrative fallacy\b"#, .meta),
        // The model speaking as a chatbot ("I'm an AI assistant dedicated to helping writers refine
        // their work. I can assist you with your creative writing endeavors", the opening of a
        // quick-start chapter); a bare "I'm here to help." after it, though not one said in quotes.
        (#"\bi('m| am) (an? )?(ai|artificial intelligence|chatbot)\b|\b(ai|virtual|writing) assistant\b|\bas an assistant\b"#
            + #"|\bassist(ing)? you (with|in)\b|\bhelp(ing)? (writers|authors) (refine|improve|with)\b|^[*_\s]*i('m| am) here to help[.!]?[*_\s]*$"#, .meta),
        // A verdict on the story instead of the story ("The story is short yet powerful, …").
        (#"^[*_\s]*(the|this) (story|tale|passage|piece|excerpt)('s)? (is|was|feels|felt|remains) (a |an )?(\w+ ){0,2}(powerful|beautiful|compelling|touching|moving|engaging|well[- ]written|captivating|heartwarming|poignant|vivid|evocative)\b"#
            + #"|^[*_\s]*(the|this) (story|tale|passage|piece|excerpt) (captures|explores|highlights|showcases|conveys|emphasi[sz]es|effectively|masterfully|beautifully|skillfully)\b"#, .meta),
        // A narrator writing the story instead of telling it ("I added a few sentences to the
        // beginning", "I decided to create a new story around Aria's journey").
        // Or editing it ("I added commas so they didn't interrupt the narrative flow", "I also
        // rephrased some sentences slightly").
        (#"\bi (\w+ ){0,2}(wrote|added|included|rewrote|rephrased|reworded|revised|edited|removed|corrected|decided to (create|write))\b"#
            + #"[^.!?]{0,40}\b(story|stories|sentences?|details|paragraphs?|chapters?|commas?|punctuation|narrative|dialogue)\b"#
            + #"|\bnarrative flow\b|\b(enhance|improve)s? (the )?(clarity|readability)\b"#, .meta),
        // Advice about writing instead of the story: small models drift into it from the prompt's craft words.
        (#"\b(your readers?|the reader'?s?\b|storytelling|sentence structure|(this|the next) paragraph\b|descriptive (language|phrases|words)|writing style|your (story|writing|novel|narrative|characters)\b)"#, .meta),
    ]

    /// Whether `text` ends a sentence: a full stop, question or exclamation mark, closing
    /// quotes or brackets after it allowed.
    /// Reads back from the end only, without copying the chapter's text.
    static func endsSentence(_ text: String) -> Bool {
        let core = text.reversed().drop(while: \.isWhitespace).drop { "\"'”’)]*_".contains($0) }
        return core.first.map { ".!?…".contains($0) } ?? false
    }

    /// Where the first sentence of `text` ends (after its closing punctuation and quotes), or
    /// at a line break, or after `longest` words with no end; `nil` while it is still open.
    /// A line broken after a comma or semicolon runs on: the bundled model broke "As the last
    /// light faded,⏎the worn wooden beam creaked…", a copy of an earlier chapter's sentence,
    /// and the guards kept its first half as a line of its own, the whole of a chapter.
    static func sentenceEnd(in text: String, longest: Int) -> String.Index? {
        var index = text.startIndex
        var words = 0
        var inWord = false
        var sawText = false
        while index < text.endIndex {
            let character = text[index]
            if character == "\n" {
                if sawText, !Self.runsOn(text[..<index]) { return index }
            } else if !character.isWhitespace {
                sawText = true
            }
            if character.isWhitespace {
                if inWord { words += 1 }
                inWord = false
                if words >= longest { return index }
            } else {
                inWord = true
            }
            if ".!?".contains(character) {
                var end = text.index(after: index)
                while end < text.endIndex, "\"'”’)]*_".contains(text[end]) { end = text.index(after: end) }
                // The end is known only once what follows is seen (a space, or a line break).
                guard end < text.endIndex else { return nil }
                if text[end].isWhitespace { return end }
                index = end
                continue
            }
            index = text.index(after: index)
        }
        return nil
    }

    /// Whether `line` stops where a sentence goes on: after a comma or semicolon.
    private static func runsOn(_ line: Substring) -> Bool {
        line.reversed().first { !$0.isWhitespace }.map { ",;".contains($0) } ?? false
    }

    static func shortened(_ text: String) -> String {
        text.count <= 80 ? text : String(text.prefix(77)) + "…"
    }
}
