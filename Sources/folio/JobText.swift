import FolioRuntime
import Foundation

/// How jobs read on the terminal: a table, a detail view, one progress line.
enum JobText {
    /// Snake-case keys, ISO 8601 dates, sorted keys.
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    static func jsonLine(_ job: Job) throws -> String {
        String(decoding: try encoder.encode(job), as: UTF8.self)
    }

    /// `ID  STATUS  KIND  PROGRESS  TRIES  SUBMITTED  TITLE`, one row per job.
    static func table(_ jobs: [Job]) -> String {
        guard !jobs.isEmpty else { return "no jobs\n" }
        let header = ["ID", "STATUS", "KIND", "PROGRESS", "TRIES", "SUBMITTED", "TITLE"]
        let rows = jobs.map { job in
            [job.id, job.status.rawValue, job.kind, progress(job), "\(job.attempts)/\(job.maxAttempts)",
             time(job.createdAt), job.title]
        }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        return ([header] + rows).map { row in
            row.indices.map { column in
                column == row.count - 1 ? row[column] : row[column].padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }

    /// `2/5 (40 %)`, or `-`.
    static func progress(_ job: Job) -> String {
        if job.status == .done, let progress = job.progress, progress.total > 0 { return "\(progress.total)/\(progress.total) (100 %)" }
        guard let progress = job.progress else { return "-" }
        guard let fraction = progress.fraction else { return progress.total > 0 ? "\(progress.completed)/\(progress.total)" : "-" }
        return "\(progress.completed)/\(progress.total) (\(Int((fraction * 100).rounded())) %)"
    }

    /// What a job's progress counts: chapters of a book, repositories of a batch, steps of a post.
    static func unit(_ job: Job) -> String {
        switch job.kind {
        case BatchJob.kind: "repo"
        case PostJob.kind: "step"
        default: "chapter"
        }
    }

    /// `jXXXX running · chapter 2/5 (40 %) · writing chapter 3/5: The Storm`.
    static func progressLine(_ job: Job) -> String {
        var parts = ["\(job.id) \(job.status.rawValue)"]
        if let progress = job.progress {
            if progress.total > 0 { parts.append("\(unit(job)) \(Self.progress(job))") }
            if !progress.message.isEmpty, !job.status.isFinal { parts.append(progress.message) }
        }
        if job.status == .running && job.cancelRequested { parts.append("cancelling") }
        return parts.joined(separator: " · ")
    }

    /// Every field a user reads, one per line.
    static func details(_ job: Job) -> String {
        var lines = ["job \(job.id): \(job.kind) '\(job.title)'",
                     "status: \(job.status.rawValue)\(job.cancelRequested && !job.status.isFinal ? " (cancelling)" : "")",
                     "attempts: \(job.attempts) of \(job.maxAttempts)",
                     "submitted: \(time(job.createdAt))"]
        if let started = job.startedAt { lines.append("started: \(time(started))\(job.worker.map { " on \($0)" } ?? "")") }
        if let finished = job.finishedAt { lines.append("finished: \(time(finished))") }
        if let progress = job.progress {
            lines.append("progress: \(unit(job)) \(Self.progress(job))\(progress.message.isEmpty ? "" : " · \(progress.message)")")
        }
        if let result = job.result { lines.append("result: \(result)") }
        if let error = job.error { lines.append("error: \(error)") }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func time(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter.string(from: date)
    }
}
