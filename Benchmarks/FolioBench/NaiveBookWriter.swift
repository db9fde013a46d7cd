import FolioBooks
import FolioCore
import FolioProviders
import Foundation

/// The baseline of the book-quality benchmark: the same model driven the plain way, with one
/// request for the outline (the JSON schema, no review) and one plain request per chapter (no
/// context, guards, repetition control or continuation), as a script calling the server would.
struct NaiveBookWriter {
    let chain: any ChatStreamer
    let seed: Int

    /// What one plain chapter call gave.
    struct Chapter {
        var number: Int
        var title: String
        var summary: String
        var text: String
        var prompt: String
        var completionTokens: Int
        var seconds: Double
    }

    /// What the plain run gave: the outline (when it parsed) and each chapter.
    struct Result {
        var outline: Outline?
        var chapters: [Chapter]
        /// Seconds the outline call took.
        var outlineSeconds: Double
    }

    /// Writes `request` the plain way.
    func write(_ request: BookRequest) async throws -> Result {
        let outlineAnswer = try await ask(ChatRequest(
            messages: [ChatMessage(.user, """
                Plan a book titled "\(request.title)". \(request.instructions)
                Give a two-sentence summary and exactly \(request.chapters) chapters, each with a title and a one-sentence summary, \
                as JSON: {"summary": "...", "chapters": [{"title": "...", "summary": "..."}]}
                """)],
            maxTokens: Outline.tokenLimit(chapterCount: request.chapters), temperature: 0.7,
            jsonSchema: Outline.jsonSchema(chapterCount: request.chapters), seed: seed))
        let outline = try? Outline.parse(outlineAnswer.text, expectedChapters: request.chapters)
        var chapters: [Chapter] = []
        for number in 1...request.chapters {
            let entry = outline?.chapters[number - 1]
            let title = entry?.title ?? "Chapter \(number)"
            let prompt = """
                Write chapter \(number) of the book "\(request.title)" (\(request.instructions)). \
                The chapter is called "\(title)": \(entry?.summary ?? ""). \
                Write about \(request.wordsPerChapter) words in \(request.language).
                """
            let answer = try await ask(ChatRequest(
                messages: [ChatMessage(.user, prompt)],
                maxTokens: Int(Double(request.wordsPerChapter) * 1.4) + 64, temperature: 0.7,
                seed: seed &+ 1000 &* number))
            chapters.append(Chapter(number: number, title: title, summary: entry?.summary ?? "", text: answer.text,
                                    prompt: prompt, completionTokens: answer.completionTokens, seconds: answer.seconds))
        }
        return Result(outline: outline, chapters: chapters, outlineSeconds: outlineAnswer.seconds)
    }

    private func ask(_ request: ChatRequest) async throws -> (text: String, completionTokens: Int, seconds: Double) {
        let started = ContinuousClock.now
        var text = ""
        var tokens = 0
        for try await event in chain.stream(request) {
            switch event {
            case .text(let piece): text += piece
            case .usage(let usage): tokens += usage.completionTokens
            default: break
            }
        }
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return (text.trimmingCharacters(in: .whitespacesAndNewlines), tokens, seconds)
    }
}
