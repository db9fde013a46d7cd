import FolioContext
import FolioProviders

/// The prompts Folio sends when writing a book.
public enum BookPrompts {
    /// The system prompt for every call about a book.
    public static func system(language: String) -> String {
        "You are an accomplished author. You write clear, vivid, well-structured prose in \(language)."
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

    /// Asks for one chapter, with the context the token optimizer chose (title, summary,
    /// instructions, earlier chapters, summaries, passages, this chapter's plan), in its order.
    public static func chapter(book: Book, number: Int, context: ContextAllocation) -> [ChatMessage] {
        [ChatMessage(.system, system(language: book.language)),
         ChatMessage(.user, chapterIntroduction(book: book) + context.rendered + chapterTask(book: book, number: number))]
    }

    /// The fixed text before the context sections.
    static func chapterIntroduction(book: Book) -> String {
        "You are writing a book. Here is what you need to know to write its next chapter.\n\n"
    }

    /// The fixed text after the context sections: the task itself.
    static func chapterTask(book: Book, number: Int) -> String {
        let entry = book.outline[number - 1]
        return """
            Now write chapter \(number), "\(entry.title)", following its plan above and continuing from \
            where the story stands. Write about \(book.wordsPerChapter) words of prose in \(book.language). Do not \
            write the chapter title or a heading; start directly with the text.
            """
    }
}
