import Foundation

/// Checks that an outline plans a book a reader would keep: every chapter distinct, none a
/// copy of the book's title, every summary a real sentence about what happens.
///
/// Small models answer an outline request with one entry copied N times, the book's title as
/// every chapter title, or "A book titled …" as a summary; the schema cannot forbid that, so
/// it is checked here and the offending entries are asked for again.
struct OutlineReview: Sendable {
    /// One thing wrong with an outline.
    struct Problem: Sendable, Equatable, CustomStringConvertible {
        /// The chapter at fault (1-based), or `nil` for the book's summary.
        var chapter: Int?
        /// What is wrong, phrased so it can be sent back to the model.
        var reason: String

        var description: String { reason }
    }

    /// Two titles or summaries at least this alike (shared meaningful words) are one repeated.
    var similarityCutoff = 0.75
    /// Fewer words than this is a fragment, not a summary.
    var minimumSummaryWords = 4
    /// Whether an entry must share a word stem with the book's title or instructions. Only
    /// for a plan in the instructions' own language (English words are compared): the bundled
    /// model, asked for a chapter of a saving guide, planned the Last Supper.
    var checksTopic = false
    /// The language's words: a summary with a word in lower case the list does not know is
    /// made up ("…his lashle lying on the sand", "…but ladda iti cha chatu lele!"). Off when `nil`.
    /// A compound of two words it knows is a word, as in chapters (``WordList/inventedWord(in:)``):
    /// read strictly, "cliffside", "lightspeed", "starwalker" and "lacesmith's" each cost a plan
    /// step a redraw, 0.3–0.7 s, six of the eleven words this work's runs redrew a step for; of
    /// the other five, one made up of two words ("the lighthale man") now passes.
    var vocabulary: WordList?
    /// Sentence vectors, to tell an entry about the book in other words from one far off it;
    /// `nil` judges by shared word stems alone.
    var encoder: (any SentenceEncoder)?
    /// Whether the book's summary is checked: not for a plan drawn one chapter at a time,
    /// whose summary is made of its chapters' sentences (``Outline/summary(ofPlan:)``), already checked.
    var checksSummary = true
    /// Books whose title and instructions have fewer meaningful stems than this are not
    /// checked for topic: "A short tale." says too little to be off.
    static let minimumTopicStems = 4
    /// MiniLM cosine between an entry (title and summary) and the book (title and
    /// instructions) at or above which an entry sharing no word stem with the book is about it
    /// in other words. Of 200 first draws of the benchmark's five books, 71 shared no stem; the
    /// 15 at 0.40 or more were about their books ("Money and Money: MONEY is not just money in
    /// your pocket…" 0.48 in the savings guide, "A Shipwreck at Night" 0.45 in the harbor
    /// mystery), every one under 0.30 far off ("A Liar's Paradox…" 0.14 for the lighthouse
    /// keeper, "The Art of Sour Cream" 0.16 in the bread guide).
    static let topicCosine: Float = 0.4

    /// Words that say nothing about a chapter when they are all a title adds to the book's.
    static let genericWords: Set = [
        "book", "novel", "story", "tale", "chapter", "part", "titled", "called", "named", "short", "novella",
        "introduction", "prologue", "epilogue", "one", "two", "three", "i", "ii", "iii",
    ]

    /// Words that say nothing of a book's subject: its kind and the instructions' usual wording.
    static let topicNoise: Set = genericWords.union([
        "guide", "about", "who", "where", "what", "how", "their", "your", "you", "they", "them", "it", "into", "one",
        "first", "young", "old", "new", "quiet", "friendly", "practical", "complete", "everyday", "find", "finds",
        "discover", "discovers", "can", "must", "has", "have", "go", "goes", "out", "by", "up",
    ])

    /// Words a summary may not end on: it was cut off.
    static let danglingWords: Set = WordRuns.functionWords.union(["titled", "called", "named", "where", "when", "how", "whose"])

    /// Words no sentence ends on, full stop or not: a determiner waits for its noun and a
    /// conjunction for its clause ("…finds the bottle and.").
    static let unendingWords: Set = [
        "a", "an", "the", "every", "each", "another", "its", "their", "my", "our", "your", "and", "or", "but",
    ]

    /// Words that stand before a noun: a summary ending on one of these and then only
    /// adjectives ("…lies a small.", "…the island's vast.") was cut off before its noun. Not
    /// "her", which also stands after a verb ("…makes her brave.").
    static let nounMarkers: Set = unendingWords.subtracting(["and", "or", "but"])
        .union(["his", "this", "these", "those", "some", "no"])

    /// Contractions ending in "'s" that are a subject and its verb, not a possessive ("…it's strange.").
    static let contractions: Set = [
        "it's", "that's", "he's", "she's", "there's", "here's", "what's", "who's", "where's", "let's",
        "everything's", "nothing's", "something's", "everyone's",
    ]

    /// Common adjectives of a story's scenery and people that are never its nouns. Words also
    /// used as nouns ("a secret", "the dark", "the deep", "the cold", "the last", "a little",
    /// "the red", "a short") are left out, so that a well-formed ending ("tells Mara a
    /// secret.", "afraid of the dark.") is never taken for a cut one.
    static let adjectives: Set = [
        "small", "big", "large", "huge", "tiny", "great", "old", "new", "ancient", "strange", "mysterious",
        "hidden", "lonely", "remote", "distant", "nearby", "silent", "loud", "bright", "warm", "stormy", "foggy",
        "misty", "rocky", "sandy", "sudden", "tall", "narrow", "wide", "vast", "broken", "abandoned", "forgotten",
        "faded", "weathered", "rusty", "wooden", "golden", "curious", "cruel", "eerie", "desperate", "very",
        "rather", "quite", "beautiful", "dangerous", "unexpected", "important", "entire",
    ]

    /// Whether `words` (a summary's, lower-cased) end cut off: on a word no sentence ends on, or
    /// on adjectives straight after a determiner or a possessive, with the noun missing.
    static func endsCutOff(_ words: [String]) -> Bool {
        guard let last = words.last else { return false }
        if unendingWords.contains(last) { return true }
        var index = words.count - 1
        while index >= 0, isAdjective(words[index]) { index -= 1 }
        guard index < words.count - 1, index >= 0 else { return false }
        let before = words[index]
        return nounMarkers.contains(before) || (before.hasSuffix("'s") && !contractions.contains(before))
    }

    /// Whether `word` reads as an adjective: one of ``adjectives`` or an adjective ending
    /// ("-ous", "-ful", "-less") that no common noun has.
    static func isAdjective(_ word: String) -> Bool {
        if adjectives.contains(word) { return true }
        let nouns: Set = ["handful", "mouthful", "spoonful", "armful", "cupful", "pocketful", "bucketful"]
        return word.count > 5 && !nouns.contains(word)
            && (word.hasSuffix("ous") || word.hasSuffix("ful") || word.hasSuffix("less"))
    }

    /// Text a model leaves when it fills a form instead of planning.
    static let placeholderPattern =
        #"(^\W*$|^\s*(\.\.\.|…)|\bTBD\b|\bTODO\b|\blorem\b|\bipsum\b|placeholder|\bx{3,}\b|\[[^\]]*\]|<[^>]*>|\bN/A\b|^\s*(chapter\s+)?(title|summary|name)\s*$|chapter title|chapter summary|\buntitled\b)"#

    /// The prompt's own wording, or talk about the book and its parts, where a title or a
    /// summary should say what happens: the bundled model answers "The First Chapter of the
    /// Story" or "In the second chapter, the story is told".
    static let promptWordingPattern =
        #"\b(the book'?s plan|this chapter'?s plan|title page|binding|table of contents|(the )?(first|second|third|fourth|fifth|last|next|final|this|opening|\d+(st|nd|rd|th)?) chapter|chapters?\s+(\d+|one|two|three|four|five)\b|in this (book|chapter|story)|one sentence|new title|what happens|author'?s instructions|word count|words of prose)"#

    /// Whether `text` uses the prompt's wording or talks about the book's parts.
    static func usesPromptWording(_ text: String) -> Bool {
        text.range(of: promptWordingPattern, options: [.regularExpression, .caseInsensitive]) != nil
    }

    /// Runs of this many words shared with the author's instructions make a summary a copy of them.
    static let copiedInstructionWords = 8

    /// Whether `text` copies the author's `instructions`: a summary sharing a long run of words
    /// with them, or a title of three words or more found in them word for word.
    static func copies(_ text: String, instructions: String, isTitle: Bool) -> Bool {
        let words = WordRuns.words(text)
        let shared = WordRuns.longestSharedRun(words, with: WordRuns.words(instructions))
        return isTitle ? words.count >= 3 && shared == words.count : shared >= copiedInstructionWords
    }

    /// Titles longer than this many words are sentences.
    static let maximumTitleWords = 8
    /// The most characters the answer's schema lets a title have, when the limit is known: a
    /// title that reaches it was cut ("The Chicken Bites, a Recipe for Daily Bé").
    var titleCharacterLimit: Int?

    /// Why `title` does not read as a title, if it does not: the bundled model, given a length
    /// limit, runs a title on into a clause ("The Lost Ship: A lighthouse keeper on a") or
    /// starts it mid-word ("s, is now lost in the darkness").
    static func titleShapeProblem(_ title: String) -> String? {
        let trimmed = title.trimmingCharacters(in: .whitespaces)
        guard let first = trimmed.first(where: { !"\"'“‘".contains($0) }), first.isUppercase || first.isNumber else {
            return "does not start as a title"
        }
        if WordRuns.words(trimmed).count > maximumTitleWords { return "is a sentence" }
        if trimmed.contains("?") { return "is a question" }
        if let last = trimmed.last, ",;:-(".contains(last) { return "is cut off" }
        if let word = WordRuns.words(trimmed).last, danglingWords.contains(word) { return "is cut off" }
        return nil
    }

    /// Whether `text` holds a placeholder.
    static func isPlaceholder(_ text: String) -> Bool {
        text.range(of: placeholderPattern, options: [.regularExpression, .caseInsensitive]) != nil
    }

    /// Every problem of `outline` for a book titled `title`, chapters in order.
    func problems(_ outline: Outline, bookTitle title: String, instructions: String = "") -> [Problem] {
        var problems: [Problem] = []
        if checksSummary, let reason = summaryProblem(outline.summary, bookTitle: title, minimumWords: minimumSummaryWords) {
            problems.append(Problem(chapter: nil, reason: "the book summary \(reason)"))
        }
        for (index, entry) in outline.chapters.enumerated() {
            let earlier = outline.chapters[..<index]
            if let reason = problem(entry, earlier: Array(earlier), bookTitle: title, instructions: instructions) {
                problems.append(Problem(chapter: entry.number, reason: "chapter \(entry.number) \(reason)"))
            }
        }
        return problems
    }

    /// The chapters that repeat an earlier one (the same title, or nearly the same summary):
    /// an outline with any of these is not a plan of distinct chapters.
    func repeats(_ outline: Outline) -> [Problem] {
        var found: [Problem] = []
        for (index, entry) in outline.chapters.enumerated() {
            for other in outline.chapters[..<index] {
                if same(entry.title, other.title) || WordRuns.similarity(entry.summary, other.summary) >= similarityCutoff {
                    found.append(Problem(chapter: entry.number,
                                         reason: "chapter \(entry.number) repeats chapter \(other.number) (\"\(entry.title)\")"))
                    break
                }
            }
        }
        return found
    }

    /// How bad an entry is, for keeping the best of several answers.
    enum Fault: Int, Comparable {
        case none, lesser, repeated

        static func < (lhs: Fault, rhs: Fault) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// The fault of `entry` whose ``problem(_:earlier:bookTitle:instructions:)`` gave `reason`.
    func fault(_ entry: OutlineEntry, reason: String?, earlier: [OutlineEntry], bookTitle: String = "") -> Fault {
        guard reason != nil else { return .none }
        // A copy of the worked example, or of the book's title, plans no chapter at all: as bad as a repeat.
        if copiesExample(entry) || restates(entry.title, bookTitle: bookTitle) { return .repeated }
        return repeats(Outline(summary: "", chapters: earlier + [entry])).isEmpty ? .lesser : .repeated
    }

    /// What is wrong with `entry` given the entries before it, if anything.
    func problem(_ entry: OutlineEntry, earlier: [OutlineEntry], bookTitle title: String,
                 instructions: String = "") -> String? {
        if Self.isPlaceholder(entry.title) { return "has a placeholder for a title (\"\(entry.title)\")" }
        if Self.isPlaceholder(entry.summary) { return "has a placeholder for a summary" }
        if restates(entry.title, bookTitle: title) {
            return "repeats the book's title as its own (\"\(entry.title)\")"
        }
        if copiesExample(entry) { return "copies the worked example (\"\(entry.title)\")" }
        if let name = Self.exampleName(in: entry, book: title + " " + instructions) {
            return "takes \(name) from the worked example into this book"
        }
        if Self.usesPromptWording(entry.title) { return "has a title about the book, not the chapter (\"\(entry.title)\")" }
        if Self.copies(entry.title, instructions: instructions, isTitle: true) {
            return "takes its title from the author's instructions (\"\(entry.title)\")"
        }
        // The chapter's own title counts too: "The Clockwork in a Harbour: A Clockwork in a Harbour." plans nothing.
        if let reason = summaryProblem(entry.summary, bookTitle: entry.title + " " + title, minimumWords: minimumSummaryWords) {
            return "summary \(reason)"
        }
        if Self.usesPromptWording(entry.summary) { return "summary talks about the book instead of what happens" }
        if let word = vocabulary?.inventedWord(in: entry.summary) { return "summary has a made-up word (\"\(word)\")" }
        if Self.copies(entry.summary, instructions: instructions, isTitle: false) {
            return "summary copies the author's instructions"
        }
        if checksTopic, isOffTopic(entry, bookTitle: title, instructions: instructions) {
            return "has nothing to do with the book (\"\(entry.title)\")"
        }
        for other in earlier {
            if same(entry.title, other.title) {
                return "has the same title as chapter \(other.number) (\"\(entry.title)\")"
            }
            if WordRuns.similarity(entry.summary, other.summary) >= similarityCutoff {
                return "has nearly the same summary as chapter \(other.number)"
            }
        }
        if let reason = Self.titleShapeProblem(entry.title) { return "has a title that \(reason) (\"\(entry.title)\")" }
        // Within two of the limit: the cut may fall on a space the parser then trims ("… and rea").
        if let limit = titleCharacterLimit, entry.title.count >= limit - 2 {
            return "has a title cut off at its length limit (\"\(entry.title)\")"
        }
        return nil
    }

    /// Whether `entry`'s title or summary is one of the worked example's, which the outline
    /// prompt shows a small model and which it gives back ("The Moth at Dusk").
    func copiesExample(_ entry: OutlineEntry) -> Bool {
        BookKind.allCases.flatMap { BookPrompts.outlineExample(for: $0).chapters }.contains { example in
            same(entry.title, example.title) || same(entry.summary, example.title)
                || WordRuns.similarity(entry.summary, example.summary) >= similarityCutoff
                || WordRuns.longestSharedRun(WordRuns.words(entry.summary), with: WordRuns.words(example.summary))
                    >= Self.exampleRunWords
        }
    }

    /// Words in a row a summary may share with a worked example's: "…finds a bottle of strange
    /// liquid at dusk and tumbles into the old dry well" took the fable's well into a lighthouse.
    static let exampleRunWords = 5

    /// The worked example's heroine, when `entry` names her and the book (its title and
    /// instructions) does not: the bundled model put "Vixen's journey as the keeper" into a
    /// lighthouse keeper's plan.
    static func exampleName(in entry: OutlineEntry, book: String) -> String? {
        let words = Set(WordRuns.words(entry.title + " " + entry.summary))
        let bookWords = Set(WordRuns.words(book))
        return BookPrompts.outlineExample.names.first { name in
            let word = name.lowercased()
            return (words.contains(word) || words.contains(word + "'s")) && !bookWords.contains(word)
        }
    }

    /// Whether `entry` shares no word stem with the book's title and instructions, when those
    /// say enough to tell.
    func isOffTopic(_ entry: OutlineEntry, bookTitle title: String, instructions: String) -> Bool {
        let book = WordRuns.stems(title + " " + instructions, excluding: Self.topicNoise)
        guard book.count >= Self.minimumTopicStems,
              WordRuns.stems(entry.title + " " + entry.summary, excluding: Self.topicNoise).isDisjoint(with: book)
        else { return false }
        guard let encoder else { return true }
        let vectors = encoder.vectors([entry.title + ". " + entry.summary, title + ". " + instructions])
        return ParaphraseCheck.cosine(vectors[0], vectors[1]) < Self.topicCosine
    }

    /// Why `summary` is not a summary (a fragment, a placeholder, the title again), if it is not.
    func summaryProblem(_ summary: String, bookTitle title: String, minimumWords: Int) -> String? {
        let words = WordRuns.words(summary)
        if words.count < minimumWords { return "is a fragment (\"\(summary)\")" }
        let ended = summary.trimmingCharacters(in: .whitespaces).last.map { ".!?\"”".contains($0) } ?? false
        if !ended, let last = words.last, Self.danglingWords.contains(last) { return "stops mid-sentence (\"\(summary)\")" }
        // A full stop does not make a sentence whole: "…who finds a map on a small." lost its noun.
        if Self.endsCutOff(words) { return "stops mid-sentence (\"\(summary)\")" }
        if Self.isPlaceholder(summary) { return "is a placeholder" }
        if let run = Self.repeatedRun(words) { return "repeats itself (\"\(run)\")" }
        // A riddle for a plan ("If a lighthouse keeper can see into the depths of the ocean … does he?")
        // gave the chapter written from it nothing to happen.
        if summary.trimmingCharacters(in: .whitespaces).hasSuffix("?") {
            return "asks a question instead of saying what happens (\"\(summary)\")"
        }
        // "A book titled…", or a blurb: "The Lost City of Eldaroth by Kierkea Skalkström is the story of…",
        // "The Lion's Last Stand at the Edge of the World by Eleanor O'Brian Letham is set on…" (a title
        // and its author: a quick-start plan whose three chapters were then written about that book).
        if summary.range(of: #"^\s*(a|the|this)\s+(book|novel|story)\s+(titled|called|named)\b|\b(is|was) (the|a) (story|tale|novel|book) (of|about)\b"#,
                         options: [.regularExpression, .caseInsensitive]) != nil
            || summary.range(of: #"^\s*((\p{Lu}[\p{L}'’]*|of|the|a|an|at|in|on|and|to|for)\s+)+by\s+\p{Lu}"#,
                             options: .regularExpression) != nil {
            return "describes the book instead of what happens (\"\(summary)\")"
        }
        let meaningful = WordRuns.contentWords(summary).subtracting(Self.genericWords)
        if meaningful.isSubset(of: WordRuns.contentWords(title)) { return "only restates the title" }
        return nil
    }

    /// Words a sentence says twice (`repeatedRunWords` in a row or more), when it does: a
    /// plan's sentence that loops ("…a story of a lighthouse keeper's life, on a remote island,
    /// and a story of a lighthouse keeper's life…") says less than it seems to.
    static func repeatedRun(_ words: [String]) -> String? {
        let length = repeatedRunWords
        guard words.count >= 2 * length else { return nil }
        var seen: Set<ArraySlice<String>> = []
        for start in 0...(words.count - length) {
            let run = words[start..<start + length]
            if !seen.insert(run).inserted { return run.joined(separator: " ") }
        }
        return nil
    }

    /// The meaningful words of `title`, in order, written as one.
    static func runTogether(_ title: String) -> String {
        WordRuns.words(title).filter { !WordRuns.functionWords.contains($0) }.joined()
    }

    /// Words in a row that a summary may not say twice.
    static let repeatedRunWords = 4

    /// Whether a chapter title is the book's title, perhaps with "A Novel" or "Part One" added.
    func restates(_ chapterTitle: String, bookTitle: String) -> Bool {
        if same(chapterTitle, bookTitle) { return true }
        let book = WordRuns.contentWords(bookTitle)
        let chapter = WordRuns.contentWords(chapterTitle)
        guard !book.isEmpty, book.isSubset(of: chapter) else { return false }
        return chapter.subtracting(book).isSubset(of: Self.genericWords)
    }

    /// Whether two titles are the same once case, punctuation, articles and the spaces between
    /// words are ignored ("The Lighthousekeeper" for "The Lighthouse Keeper", a quick start's
    /// chapter 1), or share nearly all their meaningful words.
    func same(_ first: String, _ second: String) -> Bool {
        let (a, b) = (WordRuns.contentWords(first), WordRuns.contentWords(second))
        if a == b || Self.runTogether(first) == Self.runTogether(second) { return true }
        return min(a.count, b.count) >= 2 && WordRuns.similarity(first, second) >= similarityCutoff
    }
}
