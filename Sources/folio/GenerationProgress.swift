import FolioRuntime
import Foundation
import Synchronization

/// Shows a book generation: chapter text on stdout, one progress line per step on stderr.
final class GenerationProgress: Sendable {
    private let streamText: Bool
    private let printChapters: Bool
    private let store: BookStore
    private let started = ContinuousClock.now
    private let pending = Mutex("")

    init(streamText: Bool, printChapters: Bool, store: BookStore) {
        self.streamText = streamText
        self.printChapters = printChapters
        self.store = store
    }

    func handle(_ event: BookEvent) {
        switch event {
        case .planningOutline:
            Terminal.status("planning the outline…")
        case .repairingOutline(let attempt, let reason):
            Terminal.status("outline rejected (\(reason)); asking again (repair \(attempt))")
        case .ready(let book, let resumed, let next):
            Terminal.status(resumed
                ? "resuming '\(book.title)' at chapter \(next.map(String.init) ?? "-") of \(book.chapters.count)"
                : "outline of '\(book.title)': \(book.summary)")
            if !resumed {
                for entry in book.outline { Terminal.status("  \(entry.number). \(entry.title) — \(entry.summary)") }
            }
        case .provider:
            break
        case .providerFailed(let name, let reason):
            Terminal.status("provider \(name) failed: \(reason)")  // "…; retrying in 2 s" when the same tier is retried
        case .chapterStarted(let number, let total, let title):
            Terminal.status("writing chapter \(number)/\(total): \(title)")
        case .text(let text):
            if streamText {
                Terminal.write(text)
            } else if printChapters {
                pending.withLock { $0 += text }
            }
        case .continuing(let number, let continuation, let endedAt):
            // A chapter the model ended short of its target was not stopped: say how far it got.
            Terminal.status("chapter \(number) " + (endedAt.map { "ended at \($0) words, short of its target" } ?? "stopped for length")
                + "; continuing (\(continuation))")
        case .chapterSaved(let record, let total):
            if printChapters {
                Terminal.write(pending.withLock { text in defer { text = "" }; return text })
            }
            Terminal.status(Self.progressLine(record, total: total, elapsed: ContinuousClock.now - started))
        case .notice(let text):
            Terminal.status(text)
        }
    }

    func finished(_ book: Book) {
        let tokens = book.usage.promptTokens + book.usage.completionTokens
        let split = book.timings.map { " · \($0.line)" } ?? ""
        Terminal.status("done: \(book.chapters.count) chapters in \(store.folder(for: book.slug).path) (\(tokens) tokens)\(split)")
    }

    /// `chapter 2/3 · 412 tokens · 118.3 tok/s · 3.5 s · local/smollm2-135m-instruct · elapsed 9.1 s`
    static func progressLine(_ record: ChapterRecord, total: Int, elapsed: Duration) -> String {
        let tokens = record.usage?.completionTokens ?? 0
        let seconds = record.durationSeconds ?? 0
        let source = [record.provider, record.model].compactMap { $0 }.joined(separator: "/")
        // A replayed answer took no generation time: a rate would be meaningless.
        let rate = record.provider == "cache" ? "from cache"
            : seconds > 0 ? String(format: "%.1f tok/s", Double(tokens) / seconds) : "– tok/s"
        return String(format: "chapter %d/%d · %d words · %d tokens · %@ · %.1f s · %@ · elapsed %.1f s",
                      record.number, total, record.words ?? 0, tokens, rate, seconds, source,
                      elapsed.seconds)
    }
}
