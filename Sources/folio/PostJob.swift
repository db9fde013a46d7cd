import ArgumentParser
import FolioRuntime
import Foundation

/// Runs `post` jobs: the flags stored by `folio submit post`, parsed back with
/// ``PostWriteOptions``, over the worker's own settings, with the worker's shared runtime.
///
/// A job run again (its worker died after saving, or it was released) adds no second version:
/// a version of the repository's commit written from the same brief is kept and returned.
struct PostJob: JobHandler {
    static let kind = "post"

    /// What the job stores: the `post` flags as given, and the repository they name, resolved
    /// by the submitter (a folder as its absolute path).
    struct Payload: JobPayload {
        var arguments: [String]
        var repository: String
    }

    /// What the job produces.
    struct Result: Codable {
        var repository: String
        var slug: String
        var post: String
        var host: String
        var version: Int
        var commit: String
        var reused: Bool
        var quality: Double?
        var confidence: Double?
    }

    let runtime: FolioRuntime
    let configFile: String?

    /// The submission of a post with the `post` flags `arguments`, checked as `folio post` checks
    /// them; a repository that is no folder, git URL or owner/name is bad input.
    static func submission(_ arguments: [String], maxAttempts: Int) throws -> JobSubmission {
        let options = try PostWriteOptions.parse(arguments)
        let location = try RepositoryLocation.parse(options.post.repo)
        return JobSubmission(kind: kind, title: "post about \(location.name)",
                             payload: try Payload(arguments: arguments, repository: location.description).encoded(),
                             maxAttempts: maxAttempts)
    }

    func run(_ job: Job, context: JobContext) async throws -> String {
        let (payload, options) = try Payload.decode(job, as: PostWriteOptions.self)
        let jobRuntime = try await runtime.running(job, overrides: options.overrides, configFile: configFile)
        context.report(JobProgress(completed: 0, total: 2, message: "reading \(payload.repository)"))
        let location = try RepositoryLocation.parse(payload.repository)
        let reader = jobRuntime.repositoryReader()
        let snapshot = try await Task.detached { try reader.read(location) }.value
        context.report(JobProgress(completed: 1, total: 2, message: "writing from \(snapshot.summary)"))
        let pipeline = try options.pipeline(with: jobRuntime, warn: { Terminal.status("warning: job \(job.id): " + $0) })
        let brief = options.briefOptions
        let written = try await pipeline.writeOnce(snapshot, brief: brief.brief, hook: brief.hookType)
        let version = written.version
        context.report(JobProgress(completed: 2, total: 2, message: written.reused
            ? "kept version \(version.version), written earlier from this commit and brief" : "version \(version.version) written"))
        let file = pipeline.folder(of: snapshot).appendingPathComponent("post.json").standardizedFileURL.path
        return try Payload.result(Result(repository: payload.repository, slug: written.post.repoSlug, post: file,
                                         host: ProcessInfo.processInfo.hostName, version: version.version,
                                         commit: snapshot.commit, reused: written.reused, quality: version.quality,
                                         confidence: version.safetyConfidence))
    }
}
