import ArgumentParser
import FolioRuntime
import Foundation

/// Runs `batch` jobs: the flags stored by `folio submit batch`, parsed back with
/// ``BatchOptions``, and the entries the submitter read and checked, with the worker's shared
/// runtime; progress is repo n of N.
///
/// A job run again keeps the versions its entries already have from the same brief, and
/// replaces the export it wrote before.
struct BatchJob: JobHandler {
    static let kind = "batch"

    /// What the job stores: the `batch` flags as given, and the list as the submitter read it
    /// (entries resolved: folders as absolute paths).
    struct Payload: JobPayload {
        var arguments: [String]
        var list: String
        var entries: [BatchList.Entry]
        var notes: [String]
    }

    /// What the job produces: where the export is, and how every entry ended.
    struct Result: Codable {
        /// One entry that failed, with its line in the list.
        struct Failure: Codable {
            var line: Int
            var repository: String
            var reason: String
        }

        var list: String
        var host: String
        var postsDirectory: String
        var output: [String]
        var exported: Int
        var repositories: Int
        var ok: Int
        var skipped: Int
        var failed: Int
        var failures: [Failure]
        var notes: [String]

        enum CodingKeys: String, CodingKey {
            case list, host, output, exported, repositories, ok, skipped, failed, failures, notes
            case postsDirectory = "posts_dir"
        }
    }

    let runtime: FolioRuntime
    let configFile: String?

    /// The submission of a batch with the `batch` flags `arguments`: the list must be readable
    /// and every entry a folder, git URL or owner/name (bad input naming the line otherwise).
    static func submission(_ arguments: [String], maxAttempts: Int) throws -> JobSubmission {
        let options = try BatchOptions.parse(arguments)
        let list = try BatchList.read(path: options.repos)
        let entries = try list.entries.map { entry in
            do {
                return BatchList.Entry(line: entry.line, text: try RepositoryLocation.parse(entry.text).description)
            } catch let error as FolioError {
                throw FolioError.badInput("\(options.repos) line \(entry.line): \(error.message)")
            }
        }
        let path = URL(fileURLWithPath: options.repos).standardizedFileURL.path
        let payload = Payload(arguments: arguments, list: path, entries: entries, notes: list.notes)
        return JobSubmission(kind: kind, title: "batch of \(entries.count) from \(URL(fileURLWithPath: path).lastPathComponent)",
                             payload: try payload.encoded(), maxAttempts: maxAttempts)
    }

    func run(_ job: Job, context: JobContext) async throws -> String {
        let (payload, options) = try Payload.decode(job, as: BatchOptions.self)
        let jobRuntime = try await runtime.running(job, overrides: options.overrides, configFile: configFile)
        let total = payload.entries.count
        context.report(JobProgress(completed: 0, total: total, message: "\(total) repositories from \(payload.list)"))
        let list = BatchList(entries: payload.entries, notes: payload.notes)
        let (outcomes, pipeline) = try await options.write(list, with: jobRuntime, reuse: true) { outcome, done in
            let detail = outcome.status == .ok ? "" : ": " + (outcome.reason ?? "")
            context.report(JobProgress(completed: done, total: total,
                                       message: "\(outcome.entry.text) \(outcome.status.rawValue)\(detail)"))
        }
        var notes = payload.notes
        let postsDirectory = pipeline.store.directory.standardizedFileURL.path
        // The job's own default file, so a re-run replaces what its earlier attempt exported.
        let exported = try options.export(outcomes, pipeline: pipeline, minimumConfidence: jobRuntime.postMinimumConfidence,
                                          defaultName: postsDirectory + "/batch-\(job.id)",
                                          replacing: options.output == nil || job.attempts > 1, note: { notes.append($0) })
        let failures = outcomes.filter { $0.status == .failed }.map {
            Result.Failure(line: $0.entry.line, repository: $0.entry.text, reason: $0.reason ?? "unknown")
        }
        let counts = Dictionary(grouping: outcomes, by: \.status).mapValues(\.count)
        context.report(JobProgress(completed: total, total: total, message: "\(counts[.ok] ?? 0) ok · "
            + "\(counts[.skipped] ?? 0) skipped · \(failures.count) failed"))
        return try Payload.result(Result(list: payload.list, host: ProcessInfo.processInfo.hostName,
                                         postsDirectory: postsDirectory, output: exported.paths, exported: exported.posts,
                                         repositories: total, ok: counts[.ok] ?? 0, skipped: counts[.skipped] ?? 0,
                                         failed: failures.count, failures: failures, notes: notes))
    }
}
