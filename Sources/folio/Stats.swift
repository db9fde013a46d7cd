import ArgumentParser
import FolioRuntime
import Foundation

extension Folio {
    /// `folio stats`: summaries of the generation log, and drift between two windows.
    struct Stats: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Summarise the generation log: requests, errors, latency, tokens, cost, cache, fallbacks, quality.",
            discussion: """
                Reads LOGS_DIR/generations.jsonl (and its rotated files), one line per model call. \
                --drift compares the last window (--since, default 24h) with the one before and \
                exits 3 when a measure moved past its DRIFT_* threshold.
                """)

        @Option(help: "Only calls since then: a duration (24h, 7d, 30m) or a UTC date (2026-12-01).")
        var since: String?

        @Option(help: "Group by provider, purpose or day.")
        var by: StatsQuery.Grouping?

        @Flag(help: "Compare the last window with the one before; exit 3 on drift.")
        var drift = false

        @Flag(help: "Print one JSON document.")
        var json = false

        @OptionGroup var globalOptions: GlobalOptions

        func validate() throws {
            if drift, by != nil { throw ValidationError("--drift compares windows; it takes no --by") }
            if drift, let since, StatsQuery.parseDuration(since) == nil {
                throw ValidationError("--drift takes a window length for --since, like 24h or 7d")
            }
        }

        func run() async throws {
            let (files, thresholds) = try await globalOptions.withRuntime { ($0.generationLog().files, $0.driftThresholds) }
            if drift {
                let window = StatsQuery.parseDuration(since ?? "24h") ?? 86_400
                let now = Date().timeIntervalSince1970
                let current = try GenerationStats.summarise(
                    files: files, query: StatsQuery(since: now - window, until: now + 1)).total
                let previous = try GenerationStats.summarise(
                    files: files, query: StatsQuery(since: now - 2 * window, until: now - window)).total
                let report = DriftReport(previous: previous, current: current, thresholds: thresholds)
                if json {
                    try Terminal.json(StatsReport.Drift(report, previousRequests: previous.requests,
                                                         currentRequests: current.requests))
                } else {
                    Terminal.write(StatsReport.table(report, previous: previous.requests, current: current.requests))
                }
                if report.drifted { throw ExitCode(3) }
                return
            }
            let query = StatsQuery(since: try since.map { try StatsQuery.parseSince($0) }, grouping: by)
            let summary = try GenerationStats.summarise(files: files, query: query)
            if summary.skippedLines > 0 {
                Terminal.status("skipped \(summary.skippedLines) line(s) that are not log records")
            }
            if json {
                try Terminal.json(StatsReport(groups: summary.groups, total: summary.total, by: by))
            } else {
                Terminal.write(StatsReport.table(groups: summary.groups, total: summary.total, by: by))
            }
        }
    }
}

extension StatsQuery.Grouping: ExpressibleByArgument {}
