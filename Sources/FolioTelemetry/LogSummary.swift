/// The summary of one stretch of log lines: what `GenerationStats` builds on each core and
/// then merges.
struct LogSummary: Sendable {
    private(set) var groups = StatsGroups()
    private(set) var total = CallStatistics()
    /// Lines that are not log records.
    private(set) var skipped = 0

    /// Adds one line (without its newline) if `query` selects it.
    mutating func add(_ line: UnsafeBufferPointer<UInt8>, query: StatsQuery) {
        guard line.count > 1 else { return }
        // A line the writer wrote ends with its time; one outside the window is dropped before
        // the rest of it is read. Lines that do not end that way (a torn line) are read in full
        // and counted when they are not records.
        if query.filtersTime, let unix = LogLineScanner.trailingUnix(of: line), !query.includes(unix) { return }
        var scanner = LogLineScanner(bytes: line)
        guard let fields = LogLineFields(&scanner) else {
            skipped += 1
            return
        }
        guard query.includes(fields.unix) else { return }
        let slot = query.withGroupName(of: fields, in: scanner) { groups.slot(named: $0) }
        groups.add(fields, to: slot)
        total.add(fields)
    }

    /// Adds everything `other` summarised.
    mutating func merge(_ other: LogSummary) {
        groups.merge(other.groups)
        total.merge(other.total)
        skipped += other.skipped
    }
}
