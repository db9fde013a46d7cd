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

    /// Sends a rejected outline back with the reason, asking for a corrected one.
    public static func outlineRepair(_ messages: [ChatMessage], answer: String, reason: String, chapters: Int) -> [ChatMessage] {
        messages + [
            ChatMessage(.assistant, answer),
            ChatMessage(.user, """
                That answer cannot be used: \(reason). Reply again with only the JSON object, \
                {"summary": "...", "chapters": [...]}, with exactly \(chapters) chapters.
                """),
        ]
    }

    /// Asks for one chapter, with the outline and the end of the previous chapter as context.
    public static func chapter(book: Book, number: Int, previousTail: String?) -> [ChatMessage] {
        let entry = book.outline[number - 1]
        let contents = book.outline.map { "\($0.number). \($0.title): \($0.summary)" }.joined(separator: "\n")
        var prompt = """
            You are writing the book "\(book.title)".
            Author's instructions: \(book.instructions)
            Book summary: \(book.summary)
            Table of contents:
            \(contents)

            """
        if let previousTail, !previousTail.isEmpty {
            prompt += "\nThe previous chapter ends like this:\n\(previousTail)\n"
        }
        prompt += """

            Now write chapter \(number), "\(entry.title)": \(entry.summary)
            Write about \(book.wordsPerChapter) words of prose in \(book.language). Do not write the chapter \
            title or a heading; start directly with the text.
            """
        return [ChatMessage(.system, system(language: book.language)), ChatMessage(.user, prompt)]
    }
}
