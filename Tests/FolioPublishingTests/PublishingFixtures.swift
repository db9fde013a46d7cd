import FolioBooks
import FolioPublishing
import FolioTesting
import Foundation

/// Books and posts written the way Folio writes them (`BookStore`, `PostStore`), for exporters
/// to read back.
enum PublishingFixtures {
    /// Writes a book with `chapters` finished chapters under `directory/books/<slug>`; returns its folder.
    static func book(in directory: TemporaryDirectory, title: String, language: String = "English",
                     chapters: Int, body: (Int) -> String = richChapter) throws -> String {
        let store = BookStore(directory: directory.appending("books"))
        let slug = "book-\(UUID().uuidString.prefix(6).lowercased())"
        let outline = (1...chapters).map { OutlineEntry(number: $0, title: chapterTitle($0, language: language), summary: "Part \($0).") }
        var book = Book(title: title, slug: slug, instructions: "A test book.", language: language, wordsPerChapter: 300,
                        summary: language == "Chinese" ? "一个关于灯塔的故事。" : "A keeper, a bottle, and the sea.",
                        outline: outline, createdAt: "2026-12-01T10:00:00Z")
        for index in book.chapters.indices {
            let record = book.chapters[index]
            try store.writeChapter("# Chapter \(record.number): \(record.title)\n\n" + body(record.number),
                                   file: record.file, slug: slug)
            book.chapters[index].status = .complete
        }
        try store.save(book)
        return store.folder(for: slug).path
    }

    static func chapterTitle(_ number: Int, language: String) -> String {
        language == "Chinese" ? "灯塔守护者的第\(number)夜" : ["The Bottle", "Salt & Static", "A \"Quiet\" Night",
                                                          "<Signals>", "Keeper's Log"][(number - 1) % 5]
    }

    /// A chapter using everything a model writes: emphasis, lists, a quote, a scene break, a
    /// hard line break, code, a link, raw HTML and characters XML must escape.
    static func richChapter(_ number: Int) -> String {
        """
        The keeper climbed the *hundred and twelve* steps for the **\(number)th** time & counted each one.  
        At the top, the lamp hissed: "Not tonight," it seemed to say. 5 < 6 and 7 > 3, always.

        ## The Letter

        - a bottle, green and scratched
        - a cork sealed with *wax*
        - a note: [the harbour office](https://example.org/harbour?a=1&b=2)

        > Whoever finds this, keep the light burning.

        ---

        She wrote <b>nothing</b> back that night &nbsp; and kept `log[i] < limit` in her head.

        ```
        if tide > 3 { ring(bell) }
        ```

        1. First watch
        2. Second watch

        ![A lighthouse](lighthouse.png)

        The end of part \(number). ¿Qué? Ça va. 🌊
        """
    }

    /// A Chinese chapter.
    static func chineseChapter(_ number: Int) -> String {
        """
        夜里，守护者第\(number)次爬上一百一十二级台阶。灯光在雾中闪烁，*海浪*拍打着岩石。

        ## 瓶中信

        她在沙滩上发现了一个绿色的瓶子，里面有一封信：“请让灯一直亮着。”

        - 第一件事：检查灯芯
        - 第二件事：记录潮汐
        """
    }

    /// A long chapter of plain paragraphs (`words` words).
    static func longChapter(words: Int) -> (Int) -> String {
        { number in
            let sentence = "The keeper of chapter \(number) watched the grey water rise against the rocks below."
            let perSentence = sentence.split(separator: " ").count
            var paragraphs: [String] = []
            var written = 0
            while written < words {
                paragraphs.append(Array(repeating: sentence, count: 6).joined(separator: " "))
                written += perSentence * 6
            }
            return paragraphs.joined(separator: "\n\n")
        }
    }

    /// A post whose text holds what CSV and LinkedIn must survive: emoji, quotes, commas,
    /// newlines, Markdown.
    static func post(_ slug: String, version: Int = 1, text: String? = nil, hashtags: [String] = ["swift", "open source", "CLI tools"]) -> Post {
        let text = text ?? """
            Ever shipped a book from your terminal? 📚

            **Folio** writes it chapter by chapter, "streamed", with a local model, and keeps every chapter safe.

            - resumes after Ctrl-C
            - exports EPUB, DOCX, and CSV, too
            """
        let versions = (1...version).map {
            PostVersion(version: $0, text: text, hookType: "question", hashtags: hashtags, quality: 0.87,
                        safetyConfidence: 0.95, provider: "local", model: "smollm2", commit: "0e1f2a3b",
                        createdAt: "2026-12-02T09:0\($0):00Z")
        }
        return Post(repoSlug: slug, repo: "example/\(slug)", versions: versions, createdAt: "2026-12-02T09:00:00Z",
                    updatedAt: "2026-12-02T09:00:00Z")
    }
}
