import ArgumentParser
import FolioRuntime
import Foundation

/// Every flag of `folio batch`, shared with `folio submit batch` (which stores them in the job,
/// and the worker parses them back with this same type), and the batch's run and export.
struct BatchOptions: ParsableArguments {
    @Option(help: "File listing the repositories, one per line.")
    var repos: String

    @Option(help: "Export format: linkedin, markdown, csv, notion or buffer.")
    var format: String = "csv"

    @Option(help: "Where to write the export (default: posts.<ext> in the current folder, or POSTS_DIR/batch-<job id>.<ext> for a queued batch; - for stdout).")
    var output: String?

    @Option(help: "Repositories written at once (default: BATCH_JOBS or 2).")
    var jobs: Int?

    @OptionGroup var briefOptions: PostBriefOptions

    @Flag(help: "Skip repositories whose current commit already has a post.")
    var resume = false

    @Flag(help: "Replace an existing output, and export posts below SAFETY_MIN_CONFIDENCE too.")
    var force = false

    @OptionGroup var providerOptions: ProviderOptions

    func validate() throws {
        guard let format = ExportFormat(rawValue: format), ExportFormat.postFormats.contains(format) else {
            throw ValidationError("--format must be linkedin, markdown, csv, notion or buffer")
        }
        if let jobs, !(1...64).contains(jobs) { throw ValidationError("--jobs must be between 1 and 64") }
    }

    /// Flag values by setting name.
    var overrides: [String: String] { providerOptions.overrides }

    /// Writes a post for every entry of `list` with `runtime`, `--jobs` at a time; `progress`
    /// hears each outcome as it ends with how many have ended. With `reuse`, an entry whose
    /// commit already has a version from this brief keeps it (a job run again).
    func write(_ list: BatchList, with runtime: FolioRuntime, reuse: Bool = false,
               progress: @escaping @Sendable (BatchRunner.Outcome, Int) -> Void)
        async throws -> (outcomes: [BatchRunner.Outcome], pipeline: PostPipeline) {
        let pipeline = try runtime.postPipeline(warn: { Terminal.status("warning: " + $0) })
        let runner = BatchRunner(pipeline: pipeline, jobs: jobs ?? runtime.settings.posts.batchJobs, resume: resume,
                                 brief: briefOptions.brief, hook: briefOptions.hookType, reuse: reuse)
        return (try await runner.run(list, progress: progress), pipeline)
    }

    /// Exports the newest version of every post the batch wrote or kept, to `--output` or else
    /// `defaultName` plus the format's extension; an existing output is replaced with `--force`
    /// or `replacing`. Returns how many posts were exported and the paths written (none for
    /// stdout); `note` hears what was left out.
    func export(_ outcomes: [BatchRunner.Outcome], pipeline: PostPipeline, minimumConfidence: Double,
                defaultName: String = "posts", replacing: Bool = false, note: (String) -> Void) throws
        -> (posts: Int, paths: [String]) {
        var posts: [SavedPost] = []
        var seen = Set<String>()
        for outcome in outcomes where outcome.status != .failed {
            guard let slug = outcome.slug, seen.insert(slug).inserted,
                  let post = try? PostStore.load(folder: pipeline.store.directory.appendingPathComponent(slug).path) else { continue }
            if !force, (post.latest?.safetyConfidence ?? 0) < minimumConfidence {
                note("\(slug) left out of the export: safety confidence "
                    + String(format: "%.2f", post.latest?.safetyConfidence ?? 0) + " is below \(minimumConfidence) (--force exports it)")
                continue
            }
            posts.append(post)
        }
        guard !posts.isEmpty, let format = ExportFormat(rawValue: format) else {
            note("no post to export")
            return (0, [])
        }
        do {
            let exporter = try Exporters.posts(format)
            let artifact = try exporter.export(posts)
            defer { artifact.notices.forEach(note) }
            if output == "-", case .file(let data) = artifact.layout {
                FileHandle.standardOutput.write(data)
                return (posts.count, [])
            }
            var isFolder = false
            if case .folder = artifact.layout { isFolder = true }
            let name = output ?? (isFolder ? "\(defaultName)-\(format.rawValue)" : "\(defaultName).\(exporter.fileExtension)")
            let written = try ExportWriter(force: force || replacing).write(artifact, to: URL(fileURLWithPath: name))
            return (posts.count, written.map(\.standardizedFileURL.path))
        } catch let error as PublishingError {
            throw error.isBadInput ? FolioError.badInput(error.description) : FolioError.runtime(error.description)
        }
    }
}
