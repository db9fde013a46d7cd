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

    func key(of line: LogLineFields) -> String {
        switch grouping {
        case nil: "all"
        case .provider?: line.provider.isEmpty ? "none" : line.provider
        case .purpose?: String(line.purpose.prefix { $0 != ":" })
        case .day?: Self.day(of: line.unix ?? 0)
        }
    }

    func includes(_ line: LogLineFields) -> Bool {
        guard let unix = line.unix else { return false }
        if let since, unix < since { return false }
        if let until, unix >= until { return false }
        return true
    }

    private static func day(of unix: Double) -> String {
        let days = Int((unix / 86_400).rounded(.down))
        let date = Date(timeIntervalSince1970: Double(days) * 86_400)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.string(from: date)
    }
}
