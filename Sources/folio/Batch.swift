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

        @OptionGroup var options: BatchOptions

        @OptionGroup var globalOptions: GlobalOptions

        func run() async throws {
            let list = try BatchList.read(path: options.repos)
            list.notes.forEach { Terminal.status("note: " + $0) }
            let failed = try await globalOptions.withRuntime(options.overrides) { runtime -> Int in
                let total = list.entries.count
                let (outcomes, pipeline) = try await options.write(list, with: runtime) { outcome, done in
                    let detail = outcome.status == .ok ? "" : " · " + (outcome.reason ?? "")
                    Terminal.status("[\(done)/\(total)] \(outcome.entry.text) · \(outcome.status.rawValue)"
                        + String(format: " · %.1f s", outcome.seconds) + detail)
                }
                Terminal.write(BatchReport.table(outcomes))
                let exported = try options.export(outcomes, pipeline: pipeline, minimumConfidence: runtime.postMinimumConfidence,
                                                  note: { Terminal.status("note: " + $0) })
                if !exported.paths.isEmpty {
                    Terminal.status("exported \(exported.posts) posts: " + exported.paths.joined(separator: ", "))
                }
                let failures = outcomes.filter { $0.status == .failed }
                for outcome in failures {
                    Terminal.status("failed: line \(outcome.entry.line) · \(outcome.entry.text) · \(outcome.reason ?? "unknown")")
                }
                return failures.count
            }
            if failed > 0 { throw ExitCode(1) }
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
