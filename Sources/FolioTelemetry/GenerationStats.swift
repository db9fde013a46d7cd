#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import Foundation
import Synchronization

/// Summaries of the generation log, read as a stream: memory stays flat whatever its size.
public enum GenerationStats {
    /// The calls of `files` (oldest first) that `query` selects, grouped as it says, and their
    /// total; lines that are not log records (a torn last line, say) are skipped and counted.
    ///
    /// A large file is cut at line boundaries into one stretch per core; each stretch is
    /// summarised on its own and the summaries merged (the latency histograms merge exactly).
    public static func summarise(files: [String], query: StatsQuery) throws
        -> (groups: [(key: String, statistics: CallStatistics)], total: CallStatistics, skippedLines: Int) {
        let workers = max(1, min(8, ProcessInfo.processInfo.activeProcessorCount))
        let stretches = files.flatMap { LogStretch.split(file: $0, into: workers) }
        let partials = Mutex([LogSummary](repeating: LogSummary(), count: stretches.count))
        DispatchQueue.concurrentPerform(iterations: stretches.count) { index in
            var summary = LogSummary()
            stretches[index].forEachLine { summary.add($0, query: query) }
            partials.withLock { $0[index] = summary }
        }
        var summary = LogSummary()
        for partial in partials.withLock({ $0 }) { summary.merge(partial) }
        var groups: [String: CallStatistics] = [:]
        for (name, statistics) in summary.groups.named {
            groups[String(decoding: name, as: UTF8.self), default: CallStatistics()].merge(statistics)
        }
        let sorted = groups.sorted { $0.key < $1.key }.map { (key: $0.key, statistics: $0.value) }
        return (sorted, summary.total, summary.skipped)
    }
}
