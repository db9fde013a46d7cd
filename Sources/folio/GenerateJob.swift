import ArgumentParser
import FolioRuntime
import Foundation
import Synchronization

/// Runs `generate` jobs: the flags stored by `folio submit generate`, parsed back with
/// ``GenerateOptions``, over the worker's own settings, with the worker's shared runtime.
///
/// A job run again (its worker died, or it was released) resumes the book: chapters already
/// complete are never rewritten, and the book's lock keeps two workers off one book.
struct GenerateJob: JobHandler {
    static let kind = "generate"

    /// What the job stores: the `generate` flags as given.
    struct Payload: JobPayload {
        var arguments: [String]
    }

    /// What the job produces.
    struct Result: Codable {
        var title: String
        var slug: String
        var folder: String
        var host: String
        var chapters: Int
        var tokens: Int
        var alreadyComplete: Bool

        enum CodingKeys: String, CodingKey {
            case title, slug, folder, host, chapters, tokens
            case alreadyComplete = "already_complete"
        }
    }

    let runtime: FolioRuntime
    let configFile: String?

    /// The submission of a book with the `generate` flags `arguments`, checked as `folio generate` checks them.
    static func submission(_ arguments: [String], maxAttempts: Int) throws -> JobSubmission {
        let options = try GenerateOptions.parse(arguments)
        return JobSubmission(kind: kind, title: options.title, payload: try Payload(arguments: arguments).encoded(),
                             maxAttempts: maxAttempts)
    }

    func run(_ job: Job, context: JobContext) async throws -> String {
        let options = try Payload.decode(job, as: GenerateOptions.self).options
        let jobRuntime = try await runtime.running(job, overrides: options.overrides, configFile: configFile)
        let progress = BookJobProgress(context: context)
        let (book, alreadyComplete) = try await options.writeBook(with: jobRuntime) { progress.handle($0) }
        let folder = jobRuntime.bookStore().folder(for: book.slug).standardizedFileURL.path
        let result = Result(title: book.title, slug: book.slug, folder: folder, host: ProcessInfo.processInfo.hostName,
                            chapters: book.chapters.count,
                            tokens: book.usage.promptTokens + book.usage.completionTokens,
                            alreadyComplete: alreadyComplete)
        return try Payload.result(result)
    }
}

/// Turns a book's events into job progress: chapter n of N.
private final class BookJobProgress: Sendable {
    private let context: JobContext
    private let total = Mutex(0)

    init(context: JobContext) {
        self.context = context
    }

    func handle(_ event: BookEvent) {
        switch event {
        case .planningOutline:
            context.report(JobProgress(completed: 0, total: 0, message: "planning the outline"))
        case .ready(let book, let resumed, let next):
            let chapters = book.chapters.count
            total.withLock { $0 = chapters }
            let done = (next ?? chapters + 1) - 1
            context.report(JobProgress(completed: done, total: chapters, message: resumed
                ? "resuming at chapter \(next.map(String.init) ?? "-") of \(chapters)"
                : "outline ready: \(chapters) chapters"))
        case .chapterStarted(let number, let of, let title):
            context.report(JobProgress(completed: number - 1, total: of, message: "writing chapter \(number)/\(of): \(title)"))
        case .chapterSaved(let record, let of):
            context.report(JobProgress(completed: record.number, total: of, message: "chapter \(record.number)/\(of) saved"))
        case .providerFailed(let name, let reason):
            let current = context.progress ?? JobProgress(completed: 0, total: total.withLock { $0 }, message: "")
            context.report(JobProgress(completed: current.completed, total: current.total,
                                       message: "provider \(name) failed: \(reason)"))
        case .repairingOutline, .provider, .text, .continuing, .notice:
            break
        }
    }
}
