import FolioBooks
import FolioProviders
import Foundation

/// One written book measured the same way whoever wrote it (Folio or the plain baseline):
/// its outline, and each chapter's length, repeats, copies and echo lines, with a measure of
/// its own so that a change to the guards' patterns does not change what is counted.
struct BookReport {
    /// One chapter as written.
    struct Chapter {
        var text: String
        /// What the chapter must not copy: the instructions, the outline, earlier chapters, the prompt.
        var reference: [String]
        var completionTokens: Int
        var seconds: Double
        /// Seconds of calls whose text the guards threw away.
        var guardSeconds: Double = 0
    }

    var written = true
    var bookTitle: String
    var outline: [(title: String, summary: String)] = []
    var outlineRepairs = 0
    var chapters: [Chapter] = []
    var guardActions: [String: Int] = [:]
    var targetWords: Int
    /// Each book's share of its wall time spent outside writing chapters (one entry per written book).
    var outsideWritingShares: [Double] = []
    /// Each chapter's coherence, measured by ``measureCoherence(with:)``.
    var coherence: [ChapterCoherence] = []

    /// A book Folio wrote; `nil` when the run failed.
    init(folio book: Book?, request: BookRequest, outlineRepairs: Int, texts: [String]) {
        bookTitle = request.title
        targetWords = request.wordsPerChapter
        self.outlineRepairs = outlineRepairs
        guard let book else {
            written = false
            return
        }
        outline = book.outline.map { ($0.title, $0.summary) }
        if let timings = book.timings { outsideWritingShares = [timings.outsideWritingShare] }
        for (record, text) in zip(book.chapters, texts) {
            let earlier = Array(texts.prefix(record.number - 1))
            chapters.append(Chapter(
                text: text, reference: Self.reference(request, outline: outline, earlier: earlier),
                completionTokens: record.usage?.completionTokens ?? 0, seconds: record.durationSeconds ?? 0,
                guardSeconds: record.quality?.guardSeconds ?? 0))
            for action in record.quality?.guardActions ?? [] { guardActions[action.kind.rawValue, default: 0] += 1 }
        }
    }

    /// A book the plain baseline wrote.
    init(naive result: NaiveBookWriter.Result, request: BookRequest) {
        bookTitle = request.title
        targetWords = request.wordsPerChapter
        outline = result.chapters.map { ($0.title, $0.summary) }
        let texts = result.chapters.map(\.text)
        for chapter in result.chapters {
            let earlier = Array(texts.prefix(chapter.number - 1))
            chapters.append(Chapter(
                text: chapter.text, reference: Self.reference(request, outline: outline, earlier: earlier) + [chapter.prompt],
                completionTokens: chapter.completionTokens, seconds: chapter.seconds))
        }
        // The plain run does nothing but ask: its time outside chapters is the outline call.
        let writing = result.chapters.reduce(0) { $0 + $1.seconds }
        if writing + result.outlineSeconds > 0 {
            outsideWritingShares = [result.outlineSeconds / (writing + result.outlineSeconds)]
        }
    }

    private static func reference(_ request: BookRequest, outline: [(title: String, summary: String)],
                                  earlier: [String]) -> [String] {
        [request.title, request.instructions] + outline.map { "\($0.title): \($0.summary)" } + earlier
            + [BookPrompts.system(language: request.language), BookPrompts.chapterSystem(for: request.writtenAs)]
    }

    /// Books pooled into this report (``pooled(_:)``), written, and with outlines of distinct chapters.
    var pooledCounts: (written: Int, distinct: Int)?

    /// Several books as one: their chapters, repairs and guard actions together.
    static func pooled(_ reports: [BookReport]) -> BookReport {
        var pooled = BookReport(title: "all", targetWords: reports.first?.targetWords ?? 0)
        for report in reports {
            pooled.chapters += report.chapters
            pooled.outlineRepairs += report.outlineRepairs
            pooled.guardActions.merge(report.guardActions, uniquingKeysWith: +)
            pooled.outsideWritingShares += report.outsideWritingShares
            pooled.coherence += report.coherence
        }
        pooled.pooledCounts = (reports.filter(\.written).count, reports.filter(\.distinctChapters).count)
        pooled.pooledBooks = reports.count
        return pooled
    }

    private init(title: String, targetWords: Int) {
        bookTitle = title
        self.targetWords = targetWords
    }

    /// Books this report stands for (1, or how many were pooled).
    var pooledCount: Int { pooledBooks ?? 1 }
    private var pooledBooks: Int?

    /// Books written (1 or 0 for one book).
    var booksWritten: Int { pooledCounts?.written ?? (written ? 1 : 0) }

    /// Books whose outline plans distinct chapters (1 or 0 for one book).
    var booksWithDistinctChapters: Int { pooledCounts?.distinct ?? (distinctChapters ? 1 : 0) }

    /// Whether the outline plans distinct chapters: no title twice, none the book's, no summary twice.
    var distinctChapters: Bool {
        guard written, !outline.isEmpty else { return false }
        let titles = outline.map { Self.normalised($0.title) }
        let summaries = outline.map { Self.normalised($0.summary) }
        return Set(titles).count == titles.count && !titles.contains(Self.normalised(bookTitle))
            && Set(summaries).count == summaries.count
    }

    /// Measures each chapter's coherence against its plan, the same way whoever wrote it.
    mutating func measureCoherence(with encoder: any SentenceEncoder) {
        coherence = zip(chapters, outline).compactMap { chapter, plan in
            ChapterCoherence(text: chapter.text, plan: "\(plan.title). \(plan.summary)", encoder: encoder)
        }
    }

    /// The same chapters' sentences dealt out across every book in turn (sentence 1 to book 1,
    /// sentence 2 to book 2, …, chapter by chapter), each measured against its book's plan: as
    /// fluent sentence by sentence, but told by no one. What the coherence figures give text
    /// that does not hang together.
    static func shuffledControl(_ reports: [BookReport], encoder: any SentenceEncoder) -> BookReport {
        let books = reports.filter { $0.written && !$0.chapters.isEmpty }
        var control = pooled(books)
        control.coherence = []
        guard books.count > 1 else { return control }
        let chapterCount = books.map { min($0.chapters.count, $0.outline.count) }.min() ?? 0
        for index in 0..<chapterCount {
            var dealt = books.map { _ in [String]() }
            var next = 0
            for book in books {
                for sentence in proseSentences(book.chapters[index].text) {
                    dealt[next % books.count].append(sentence)
                    next += 1
                }
            }
            for (book, sentences) in zip(books, dealt) {
                let plan = book.outline[index]
                if let measured = ChapterCoherence(text: sentences.joined(separator: " "),
                                                   plan: "\(plan.title). \(plan.summary)", encoder: encoder) {
                    control.coherence.append(measured)
                }
            }
        }
        return control
    }

    /// `text`'s sentences, cut after . ! ? and at line breaks, as written.
    static func proseSentences(_ text: String) -> [String] {
        var sentences: [String] = []
        var current = ""
        for character in text {
            if character.isNewline {
                sentences.append(current)
                current = ""
                continue
            }
            current.append(character)
            if ".!?".contains(character) {
                sentences.append(current)
                current = ""
            }
        }
        sentences.append(current)
        return sentences.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Mean coherence figures over the chapters measured (0–1).
    var neighbourSimilarity: Double { mean(coherence.map(\.neighbourSimilarity)) }
    /// Mean similarity of each chapter with its plan.
    var planSimilarity: Double { mean(coherence.map(\.planSimilarity)) }
    /// Mean share of sentences naming something the two before named.
    var entityContinuity: Double { mean(coherence.map(\.entityContinuity)) }
    /// Mean of the three.
    var coherenceScore: Double { mean(coherence.map(\.score)) }

    /// Mean share of the word target each chapter reached, in %.
    var wordsAgainstTarget: Double {
        mean(chapters.map { Double(Self.words($0.text).count) / Double(max(targetWords, 1)) * 100 })
    }

    /// Share of sentences (five words or more) repeating an earlier one of their chapter, in %.
    var repeatedSentenceRate: Double {
        var total = 0
        var repeated = 0
        for chapter in chapters {
            var seen = Set<[String]>()
            for sentence in Self.sentences(chapter.text) where sentence.count >= 5 {
                total += 1
                if !seen.insert(sentence).inserted { repeated += 1 }
            }
        }
        return total == 0 ? 0 : Double(repeated) / Double(total) * 100
    }

    /// Share of 8-word runs repeating an earlier run of their chapter, in %.
    var repeatedEightGramRate: Double {
        var total = 0
        var repeated = 0
        for chapter in chapters {
            var seen = Set<ArraySlice<String>>()
            for run in Self.runs(chapter.text, length: 8) {
                total += 1
                if !seen.insert(run).inserted { repeated += 1 }
            }
        }
        return total == 0 ? 0 : Double(repeated) / Double(total) * 100
    }

    /// Share of 12-word runs found verbatim in the chapter's context, in %.
    var copiedTwelveGramRate: Double {
        var total = 0
        var copied = 0
        for chapter in chapters {
            let reference = Set(chapter.reference.flatMap { Self.runs($0, length: 12) })
            for run in Self.runs(chapter.text, length: 12) {
                total += 1
                if reference.contains(run) { copied += 1 }
            }
        }
        return total == 0 ? 0 : Double(copied) / Double(total) * 100
    }

    /// The runs of `length` consecutive words of `text`, in order.
    static func runs(_ text: String, length: Int) -> [ArraySlice<String>] {
        let words = words(text)
        guard words.count >= length else { return [] }
        return (0...(words.count - length)).map { words[$0..<($0 + length)] }
    }

    /// Lines that are not the book's prose: headings, title pages, bindings, bylines, the
    /// prompt's labels and wording, talk about the chapter or book.
    var echoAndMetaLines: Int {
        chapters.reduce(0) { count, chapter in
            count + chapter.text.split(whereSeparator: \.isNewline).reduce(0) { lines, line in
                lines + Self.echoPatterns.reduce(0) { hits, pattern in
                    hits + (line.range(of: pattern, options: [.regularExpression, .caseInsensitive]) != nil ? 1 : 0)
                }.signum()
            }
        }
    }

    /// Share of chapters whose longest run copied verbatim from their context is at most 12 words, in %.
    var chaptersWithoutCopiedRun: Double {
        share(chapters.filter { Self.longestCopiedRun($0) <= ChapterQuality.maximumCopiedRun }.count)
    }

    /// The longest run of words any chapter copied verbatim from its context.
    var longestCopiedRun: Int {
        chapters.map(Self.longestCopiedRun).max() ?? 0
    }

    /// Share of chapters within 60–140 % of the word target, in %.
    var chaptersWithinTarget: Double {
        share(chapters.filter {
            ChapterQuality.wordRange.contains(Double(Self.words($0.text).count) / Double(max(targetWords, 1)))
        }.count)
    }

    /// The guards' cost: seconds of thrown-away calls against the chapters' writing time, in %.
    var guardCost: Double {
        let seconds = chapters.reduce(0) { $0 + $1.seconds }
        return seconds > 0 ? chapters.reduce(0) { $0 + $1.guardSeconds } / seconds * 100 : 0
    }

    /// Mean share of a book's wall time spent outside writing chapters, in %.
    var outsideWriting: Double { mean(outsideWritingShares) * 100 }

    /// The longest run of consecutive words of `chapter` found verbatim in one of its references.
    static func longestCopiedRun(_ chapter: Chapter) -> Int {
        var length = 0
        while true {
            let reference = Set(chapter.reference.flatMap { runs($0, length: length + 1) })
            guard runs(chapter.text, length: length + 1).contains(where: reference.contains) else { return length }
            length += 1
        }
    }

    private func share(_ count: Int) -> Double {
        chapters.isEmpty ? 0 : Double(count) / Double(chapters.count) * 100
    }

    /// Completion tokens a second over the chapters' writing.
    var tokensPerSecond: Double {
        let seconds = chapters.reduce(0) { $0 + $1.seconds }
        return seconds > 0 ? Double(chapters.reduce(0) { $0 + $1.completionTokens }) / seconds : 0
    }

    /// The benchmark's own measure of echo and meta lines (a line counts once).
    static let echoPatterns = [
        #"^\s*#{1,6}\s"#,
        #"^[*_\s\[]*(chapter|part|book)\s+([0-9]+|[ivxlc]+|one|two|three|four|five)\b"#,
        // A byline's name is capitalised whatever the case of the rest ("By following this blog…" is prose).
        #"^[*_\s\[]*(by|written by|author|authored by)\b\s*[:\-]?\s*(?-i:\p{Lu})"#,
        // Front matter; "dedication", "binding" and "copyright" only opening a line: as words in
        // prose ("his dedication to his craft") they are no front matter.
        #"\b(title page|table of contents|isbn|all rights reserved)\b|^[*_\s\[]*(dedication|binding|copyright)\b"#,
        #"^[*_\s\[]*(title|summary|plan|instructions|reference|task|word count|the end)\b\s*[:\]]"#,
        #"\b(the book'?s plan|this chapter'?s plan|author'?s instructions|book summary|words of (story )?prose)\b"#,
        #"\b(in this chapter|this chapter|in chapter \d+|the next chapter|this book|in this book|the reader|as an ai|language model|here is (the|your|a))\b"#,
        #"^\s*\[[^\]]*\]\s*$"#,
    ]

    static func words(_ text: String) -> [String] {
        text.lowercased().split { !($0.isLetter || $0.isNumber || $0 == "'") }.map(String.init)
    }

    static func normalised(_ text: String) -> String {
        words(text).filter { !["a", "an", "the"].contains($0) }.joined(separator: " ")
    }

    /// Sentences as word lists, cut at . ! ? and line breaks.
    static func sentences(_ text: String) -> [[String]] {
        text.split { ".!?\n".contains($0) }.map { words(String($0)) }.filter { !$0.isEmpty }
    }

    private func mean(_ values: [Double]) -> Double {
        values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
    }
}
