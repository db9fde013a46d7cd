import ArgumentParser
import FolioRuntime
import Foundation

extension Folio {
    /// `folio batch --repos FILE`: a post for every repository of a list, exported together.
    struct Batch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a post for each repository listed in FILE and export them all.",
            discussion: """
                FILE holds one folder, git URL or owner/name per line (# comments and blank lines \
                skipped, duplicates dropped with a note). Entries run --jobs at a time with one \
                progress line each on stderr; a failing entry is reported with its line number and \
                the batch carries on. The posts are exported with the same exporters as folio export \
                (posts below SAFETY_MIN_CONFIDENCE only with --force). Exit 0 when every entry \
                succeeded, 1 when some failed, 2 when the list itself is unusable.
                """)

        @Option(help: "File listing the repositories, one per line.")
        var repos: String

        @Option(help: "Export format: linkedin, markdown, csv, notion or buffer.")
        var format: String = "csv"

        @Option(help: "Where to write the export (default: posts.<ext> in the current folder; - for stdout).")
        var output: String?

        @Option(help: "Repositories written at once (default: BATCH_JOBS or 2).")
        var jobs: Int?

        @OptionGroup var briefOptions: PostBriefOptions

        @Flag(help: "Skip repositories whose current commit already has a post.")
        var resume = false

        @Flag(help: "Replace an existing output, and export posts below SAFETY_MIN_CONFIDENCE too.")
        var force = false

        @OptionGroup var providerOptions: ProviderOptions

        @OptionGroup var globalOptions: GlobalOptions

        func validate() throws {
            guard let format = ExportFormat(rawValue: format), ExportFormat.postFormats.contains(format) else {
                throw ValidationError("--format must be linkedin, markdown, csv, notion or buffer")
            }
            if let jobs, !(1...64).contains(jobs) { throw ValidationError("--jobs must be between 1 and 64") }
        }

        func run() async throws {
            let list = try BatchList.read(path: repos)
            list.notes.forEach { Terminal.status("note: " + $0) }
            let failed = try await globalOptions.withRuntime(providerOptions.overrides) { runtime -> Int in
                let pipeline = try runtime.postPipeline(warn: { Terminal.status("warning: " + $0) })
                let runner = BatchRunner(pipeline: pipeline, jobs: jobs ?? runtime.settings.posts.batchJobs, resume: resume,
                                         brief: briefOptions.brief,
                                         hook: briefOptions.hookType)
                let total = list.entries.count
                let outcomes = try await runner.run(list) { outcome, done in
                    let detail = outcome.status == .ok ? "" : " · " + (outcome.reason ?? "")
                    Terminal.status("[\(done)/\(total)] \(outcome.entry.text) · \(outcome.status.rawValue)"
                        + String(format: " · %.1f s", outcome.seconds) + detail)
                }
                Terminal.write(BatchReport.table(outcomes))
                try export(outcomes, pipeline: pipeline, minimumConfidence: runtime.postMinimumConfidence)
                let failures = outcomes.filter { $0.status == .failed }
                for outcome in failures {
                    Terminal.status("failed: line \(outcome.entry.line) · \(outcome.entry.text) · \(outcome.reason ?? "unknown")")
                }
                return failures.count
            }
            if failed > 0 { throw ExitCode(1) }
        }

        /// Exports the newest version of every post the batch wrote or kept.
        private func export(_ outcomes: [BatchRunner.Outcome], pipeline: PostPipeline, minimumConfidence: Double) throws {
            var posts: [SavedPost] = []
            var seen = Set<String>()
            for outcome in outcomes where outcome.status != .failed {
                guard let slug = outcome.slug, seen.insert(slug).inserted,
                      let post = try? PostStore.load(folder: pipeline.store.directory.appendingPathComponent(slug).path) else { continue }
                if !force, (post.latest?.safetyConfidence ?? 0) < minimumConfidence {
                    Terminal.status("note: \(slug) left out of the export: safety confidence "
                        + String(format: "%.2f", post.latest?.safetyConfidence ?? 0) + " is below \(minimumConfidence) (--force exports it)")
                    continue
                }
                posts.append(post)
            }
            guard !posts.isEmpty, let format = ExportFormat(rawValue: format) else {
                Terminal.status("note: no post to export")
                return
            }
            do {
                let exporter = try Exporters.posts(format)
                let artifact = try exporter.export(posts)
                if output == "-", case .file(let data) = artifact.layout {
                    FileHandle.standardOutput.write(data)
                } else {
                    var isFolder = false
                    if case .folder = artifact.layout { isFolder = true }
                    let name = output ?? (isFolder ? "posts-\(format.rawValue)" : "posts.\(exporter.fileExtension)")
                    let written = try ExportWriter(force: force).write(artifact, to: URL(fileURLWithPath: name))
                    Terminal.status("exported \(posts.count) posts: " + written.map(\.path).joined(separator: ", "))
                }
                artifact.notices.forEach { Terminal.status("note: " + $0) }
            } catch let error as PublishingError {
                throw error.isBadInput ? FolioError.badInput(error.description) : FolioError.runtime(error.description)
            }
        }
    }
}

/// The summary table a batch prints on stdout.
enum BatchReport {
    static func table(_ outcomes: [BatchRunner.Outcome]) -> String {
        var lines = ["line  status   version  quality  confidence  seconds  repository"]
        for outcome in outcomes {
            let number = { (value: Double?) in value.map { String(format: "%.2f", $0) } ?? "-" }
            let cells = [String(outcome.entry.line), outcome.status.rawValue, outcome.version.map(String.init) ?? "-",
                         number(outcome.quality), number(outcome.confidence), String(format: "%.1f", outcome.seconds)]
            let widths = [6, 9, 9, 9, 12, 9]
            lines.append(zip(cells, widths).map { $0.padding(toLength: max($1, $0.count + 1), withPad: " ", startingAt: 0) }
                .joined() + outcome.entry.text)
        }
        let counts = Dictionary(grouping: outcomes, by: \.status).mapValues(\.count)
        lines.append("\(outcomes.count) repositories · \(counts[.ok] ?? 0) ok · \(counts[.skipped] ?? 0) skipped · "
            + "\(counts[.failed] ?? 0) failed")
        return lines.joined(separator: "\n") + "\n"
    }
}
