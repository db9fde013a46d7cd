import FolioContext
import FolioProviders
import Foundation

/// The prompts Folio sends when writing a book.
public enum BookPrompts {
    /// The system prompt for every call about a book.
    public static func system(language: String) -> String {
        "You are an accomplished author. You write clear, vivid, well-structured prose in \(language)."
    }

    /// The system prompt of a chapter call: the task and nothing about craft. Told it was "an
    /// accomplished author" writing "clear, vivid, well-structured prose", the bundled model
    /// answered a chapter with advice on writing one ("To create an immersive experience for
    /// your readers…"): over 12 openings (3 books × 4 seeds) 27 % of its sentences spoke to
    /// "you" or "we" outside quotes; told only this, 12 %, with as many words of prose.
    public static let chapterSystem = "Write the next part of the story."

    /// The system prompt of a chapter call for a book of `kind`. A guide's is the story's with
    /// one word changed: over six openings of two guides, "the story" gave tales and speeches,
    /// "the book" an author talking about their project ("I'm thrilled to share…"), and "the
    /// guide" the fewest first-person sentences with the most said to the reader.
    public static func chapterSystem(for kind: BookKind) -> String {
        switch kind {
        case .fiction: chapterSystem
        case .guide: "Write the next part of the guide."
        }
    }

    /// Asks for the outline as JSON.
    public static func outline(title: String, instructions: String, language: String, chapters: Int) -> [ChatMessage] {
        [
            ChatMessage(.system, system(language: language)),
            ChatMessage(.user, """
                Plan a book titled "\(title)".
                Author's instructions: \(instructions)
                Write the plan in \(language). Give a two-sentence summary of the whole book and exactly \
                \(chapters) chapters, each with a short title and a one-sentence summary of what happens in it.
                Answer with only a JSON object of this form:
                {"summary": "...", "chapters": [{"title": "...", "summary": "..."}]}
                """),
        ]
    }

    /// Asks for the outline again after `reason` rejected an answer. The rejected answer is not
    /// sent back: small models copy what they see, so it would come back unchanged.
    public static func outlineRepair(_ messages: [ChatMessage], reason: String, chapters: Int) -> [ChatMessage] {
        var messages = messages
        guard let last = messages.indices.last else { return messages }
        messages[last].content += "\nA previous answer was rejected because \(reason). Give every one of the "
            + "\(chapters) chapters a real title made of words."
        return messages
    }

    /// Asks for chapter `number` of a `total`-chapter plan again, alone, with the sound chapters
    /// of `outline` listed so the model can tell what is taken. The book's title is left out: the bundled model, shown
    /// it, gave it back as the chapter's title on every try.
    public static func outlineEntry(_ number: Int, of outline: Outline, total: Int, instructions: String,
                                    language: String, kind: BookKind = .fiction) -> [ChatMessage] {
        let others = outline.chapters.filter { $0.number != number }
            .map { "\($0.number). \($0.title): \($0.summary)" }.joined(separator: "\n")
        let whole = kind == .guide ? "the guide" : "the story"
        let place = number == 1 ? "the opening chapter, where \(whole) begins"
            : number == total ? "the last chapter, where \(whole) ends"
            : "chapter \(number), which moves \(whole) on from chapter \(number - 1)"
        return [
            ChatMessage(.system, system(language: language)),
            ChatMessage(.user, """
                A book: \(instructions)
                The other chapters of its plan:
                \(others.isEmpty ? "(none yet)" : others)

                Plan \(place). Give it a new title of two to five words, unlike the book's title and every \
                title above, and one sentence in \(language) saying what happens in it that happens in no other chapter.
                Answer with only a JSON object: {"title": "...", "summary": "..."}
                """),
        ]
    }

    /// A made-up book whose plan shows a small model, by example, what one chapter's entry is:
    /// a fresh title and one sentence of what happens, with named people doing things.
    static let outlineExample = (
        premise: "A fable about a fox who falls into a well and must talk her way out.",
        names: ["Vixen"],
        chapters: [
            OutlineEntry(number: 1, title: "The Moth at Dusk",
                         summary: "Vixen chases a moth across the farm at dusk and tumbles into the old dry well."),
            OutlineEntry(number: 2, title: "A Goat Comes to Drink",
                         summary: "A thirsty goat peers down, and Vixen tells him the water below is the sweetest in the valley."),
            OutlineEntry(number: 3, title: "The Climb Out",
                         summary: "The goat jumps in, Vixen climbs out on his horns, and she hears him calling long into the night."),
        ])

    /// The same for a guide: what the reader learns or does in each chapter. Shown the fable,
    /// the bundled model planned a savings guide for teenagers as "The Lazy Llama" and "The
    /// Siren's Song"; shown this, as "A Guide for Teenagers on Budgeting" and "Money and Frugal".
    static let guideExample = (
        premise: "A beginner's guide to growing tomatoes on a city balcony.",
        names: [String](),
        chapters: [
            OutlineEntry(number: 1, title: "Pots, Soil and Sun",
                         summary: "Choose a deep pot, fill it with rich compost, and find the sunniest corner of the balcony."),
            OutlineEntry(number: 2, title: "Water and Feed",
                         summary: "Water deeply when the top of the soil is dry, and feed the plants every two weeks once flowers appear."),
            OutlineEntry(number: 3, title: "The First Harvest",
                         summary: "Pick each tomato when it is fully red, and save seeds from the best plant for next spring."),
        ])

    /// The worked example shown when planning a book of `kind`.
    static func outlineExample(for kind: BookKind) -> (premise: String, names: [String], chapters: [OutlineEntry]) {
        switch kind {
        case .fiction: outlineExample
        case .guide: guideExample
        }
    }

    /// The leading messages of ``outlineStep(_:total:instructions:language:kind:)`` that do not
    /// depend on the book: the system prompt and the worked example's question and answer.
    public static let outlineStepSharedMessages = 3

    /// Asks for chapter `number` of a `total`-chapter plan on its own, from the angle of its
    /// place in the book (``outlineAngle(_:total:)``), with one worked example before the question.
    ///
    /// Small models asked for a whole plan at once copy the first entry into every other and
    /// the book's title into the entries; shown the chapters planned so far, even as prose,
    /// the bundled model wrote the last one again. Asked one chapter at a time, each from its
    /// own angle (how it begins, what goes wrong, how it ends) and shown no other entry, it has
    /// nothing to copy, and the angles keep the chapters apart and in order.
    public static func outlineStep(_ number: Int, total: Int, instructions: String, language: String,
                                   kind: BookKind = .fiction) -> [ChatMessage] {
        let example = outlineExample(for: kind)
        let position = number == 1 ? 0 : number == total ? example.chapters.count - 1 : 1
        let exampleAnswer = example.chapters[position]
        return [
            ChatMessage(.system, system(language: language)),
            ChatMessage(.user, outlineQuestion(position + 1, total: example.chapters.count, premise: example.premise,
                                               language: "English", kind: kind)),
            ChatMessage(.assistant, #"{"name": "\#(exampleAnswer.title)", "summary": "\#(exampleAnswer.summary)"}"#),
            ChatMessage(.user, outlineQuestion(number, total: total, premise: instructions, language: language, kind: kind)),
        ]
    }

    /// What a plan's first and last chapters are asked, and its middle chapters in turn.
    static func angles(for kind: BookKind) -> (first: String, last: String, middle: [String]) {
        switch kind {
        case .fiction:
            ("How does it begin? Who is there, and what do they find or start?",
             "How does it end? What is finally done or decided?",
             ["what is found or learned first", "what goes wrong", "what secret comes out", "what is the hardest moment",
              "who helps, and how", "what changes"])
        case .guide:
            ("Where does it start? What does the reader need first?",
             "How does it end? What does the reader do last, or take away?",
             ["what is the next thing to learn or do", "what often goes wrong, and how is it fixed",
              "what is the key skill", "what tools or numbers help", "what should the reader practise"])
        }
    }

    /// The question that sets chapter `number` of `total` apart from the others.
    static func outlineAngle(_ number: Int, total: Int, kind: BookKind = .fiction) -> String {
        let angles = angles(for: kind)
        if number == 1 { return angles.first }
        if number == total { return angles.last }
        return "In the middle of the book: \(angles.middle[(number - 2) % angles.middle.count])?"
    }

    private static func outlineQuestion(_ number: Int, total: Int, premise: String, language: String,
                                        kind: BookKind) -> String {
        "Book: \(premise)\n\(outlineAngle(number, total: total, kind: kind)) "
            + "Give this chapter a short title and one short sentence, under 20 words, in \(language)."
    }

    /// Asks for the book's two-sentence summary again, given its chapters.
    public static func outlineSummary(of outline: Outline, title: String, instructions: String,
                                      language: String) -> [ChatMessage] {
        let chapters = outline.chapters.map { "\($0.number). \($0.title): \($0.summary)" }.joined(separator: "\n")
        return [
            ChatMessage(.system, system(language: language)),
            ChatMessage(.user, """
                A book titled "\(title)": \(instructions)
                Its chapters:
                \(chapters)

                In two sentences in \(language), say what happens in this book: who it is about and what they do.
                Answer with only a JSON object: {"summary": "..."}
                """),
        ]
    }

    /// Asks for one chapter, with the context the token optimizer chose (summary, instructions,
    /// earlier chapters, summaries, passages), in its order, told as prose.
    ///
    /// The stable sections come first, so a server's prompt cache reuses them from one chapter
    /// to the next, and the task comes last, where a small model looks for what to do. The
    /// context has no labels and no book title: given "Book title:", "This chapter's plan:"
    /// and the like, the bundled model printed them back, with invented bylines, publishers
    /// and title pages; given the story so far as prose and "continue from there", it wrote
    /// the story on.
    public static func chapter(book: Book, number: Int, context: ContextAllocation) -> [ChatMessage] {
        let story = context.sections.compactMap(prose).joined()
        return [ChatMessage(.system, chapterSystem(for: book.writtenAs)),
                ChatMessage(.user, story + chapterTask(book: book, number: number))]
    }

    /// A context section as a paragraph of the prompt; `nil` for what the task says itself
    /// (this chapter's plan) or what a small model copies as a heading (the book's title).
    static func prose(_ section: ContextSection) -> String? {
        switch section.kind {
        case .title, .outline: nil
        case .summary, .instructions: section.text + "\n\n"
        case .chapterSummary, .rollingSummary: "Earlier: " + section.text + "\n\n"
        case .retrieved: withoutHeadings(section.text).map { "From earlier in the book: \"" + $0 + "\"\n\n" }
        case .chapter where section.truncated: "The text so far ends like this:\n\"" + section.text + "\"\n\n"
        case .chapter: "The text so far:\n\"" + section.text + "\"\n\n"
        }
    }

    /// A passage without the chapter headings it was cut with ("# Chapter 1: …"): a small model
    /// shown a heading writes one; `nil` when nothing else is left.
    static func withoutHeadings(_ passage: String) -> String? {
        let text = passage.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("#") }
            .joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }

    /// The fixed text after the context: the task itself.
    static func chapterTask(book: Book, number: Int) -> String {
        let entry = book.outline[number - 1]
        let plan = entry.summary.isEmpty ? entry.title : entry.summary
        let task = number == 1 ? "\(plan) Write this opening of the book"
            : "Continue from there. Next, \(plan) Write the next part"
        return "\(task), about \(book.wordsPerChapter) words, as plain prose in \(book.language)."
    }
}
