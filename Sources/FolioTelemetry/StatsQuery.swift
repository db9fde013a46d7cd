import FolioCore
import Foundation

/// Which calls `folio stats` summarises, and how it groups them.
public struct StatsQuery: Sendable, Equatable {
    /// How calls are grouped.
    public enum Grouping: String, Sendable, CaseIterable {
        /// By the tier that answered (`none` for calls no tier answered).
        case provider
        /// By what the call was for: the purpose's first part (`chapter`, `outline`, `summary`, `chat`).
        case purpose
        /// By UTC day.
        case day
    }

    /// Calls at or after this time (seconds since 1970); `nil` for all.
    public var since: Double?
    /// Calls before this time; `nil` for all.
    public var until: Double?
    /// The grouping; `nil` for one total only.
    public var grouping: Grouping?

    /// Creates a query.
    public init(since: Double? = nil, until: Double? = nil, grouping: Grouping? = nil) {
        self.since = since
        self.until = until
        self.grouping = grouping
    }

    /// Parses `24h`, `7d`, `30m` (that long before `now`), or a UTC date `2026-12-01` or
    /// date-time `2026-12-01T08:00:00Z`, with a one-line bad-input error otherwise.
    public static func parseSince(_ text: String, now: Date = Date()) throws -> Double {
        if let duration = parseDuration(text) { return now.timeIntervalSince1970 - duration }
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date.timeIntervalSince1970 }
        formatter.formatOptions = [.withFullDate]
        if let date = formatter.date(from: text) { return date.timeIntervalSince1970 }
        throw FolioError.badInput("--since must be a duration like 24h, 7d or 30m, or a date like 2026-12-01; got '\(text)'")
    }

    /// Seconds in `30m`, `24h`, `7d`; `nil` when `text` is not such a duration.
    public static func parseDuration(_ text: String) -> Double? {
        guard let unit = text.last, let amount = Double(text.dropLast()), amount > 0 else { return nil }
        switch unit {
        case "m": return amount * 60
        case "h": return amount * 3600
        case "d": return amount * 86_400
        default: return nil
        }
    }

    /// Calls `body` with the name of the group `line` (scanned by `scanner`) falls in, as bytes.
    func withGroupName<Result>(of line: LogLineFields, in scanner: LogLineScanner,
                               _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        switch grouping {
        case nil: return Self.withBytes("all", body)
        case .provider?:
            guard let provider = line.provider, !provider.range.isEmpty else { return Self.withBytes("none", body) }
            guard !provider.escaped else {
                let name = scanner.text(provider.range, escaped: true)
                return Self.withBytes(name.isEmpty ? "none" : name, body)
            }
            return body(UnsafeBufferPointer(rebasing: scanner.bytes[provider.range]))
        case .purpose?:
            guard let purpose = line.purpose else { return Self.withBytes("", body) }
            guard !purpose.escaped else {
                return Self.withBytes(String(scanner.text(purpose.range, escaped: true).prefix { $0 != ":" }), body)
            }
            let whole = scanner.bytes[purpose.range]
            let first = whole.firstIndex(of: UInt8(ascii: ":")) ?? purpose.range.upperBound
            return body(UnsafeBufferPointer(rebasing: scanner.bytes[purpose.range.lowerBound..<first]))
        case .day?:
            return Self.withDay(of: line.unix ?? 0, body)
        }
    }

    func includes(_ unix: Double?) -> Bool {
        guard let unix else { return false }
        if let since, unix < since { return false }
        if let until, unix >= until { return false }
        return true
    }

    /// Whether the query can drop lines by time alone.
    var filtersTime: Bool { since != nil || until != nil }

    private static func withBytes<Result>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        var text = text
        return text.withUTF8(body)
    }

    /// The UTC day of `unix` as `YYYY-MM-DD`, written without a date formatter: one per line
    /// cost more than the rest of the summary.
    private static func withDay<Result>(of unix: Double, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        // A time no calendar holds (a corrupt `1e300`) gets a group of its own rather than a trap.
        guard unix.isFinite, abs(unix) < 1e14 else { return withBytes("invalid-time", body) }
        let days = Int((unix / 86_400).rounded(.down))
        // Days to a civil date (proleptic Gregorian), after Howard Hinnant's `civil_from_days`.
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        guard (0...9999).contains(year) else {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withFullDate]
            return withBytes(formatter.string(from: Date(timeIntervalSince1970: Double(days) * 86_400)), body)
        }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 10) { text in
            func put(_ value: Int, at offset: Int, width: Int) {
                var value = value
                for position in (offset..<offset + width).reversed() {
                    text[position] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                }
            }
            put(year, at: 0, width: 4)
            text[4] = UInt8(ascii: "-")
            put(month, at: 5, width: 2)
            text[7] = UInt8(ascii: "-")
            put(day, at: 8, width: 2)
            return body(UnsafeBufferPointer(text))
        }
    }
}
