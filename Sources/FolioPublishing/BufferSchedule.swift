import Foundation

/// Posting times for Buffer's bulk upload: a start and a fixed interval, written as Buffer
/// reads them (`YYYY-MM-DD HH:mm`, in the Buffer profile's own time zone).
public struct BufferSchedule: Sendable, Equatable {
    /// The first posting time, as wall-clock time.
    public var start: Date
    /// Seconds between two posts.
    public var interval: TimeInterval

    /// A schedule from `--schedule` (`2026-12-03 09:00`, `2026-12-03T09:00` or a date alone,
    /// meaning 09:00) and `--every` (`90m`, `12h`, `1d`, `1w`, or combined: `1d12h`).
    public init(start: String, every: String) throws {
        guard let date = Self.parseStart(start) else { throw PublishingError.badSchedule(start) }
        guard let interval = Self.parseInterval(every) else { throw PublishingError.badInterval(every) }
        self.start = date
        self.interval = interval
    }

    /// The time of the post at `index` (0-based).
    public func time(at index: Int) -> String {
        Self.formatter.string(from: start.addingTimeInterval(interval * Double(index)))
    }

    /// Wall-clock arithmetic in UTC: Buffer applies the profile's zone itself.
    private static var formatter: DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter
    }

    static func parseStart(_ text: String) -> Date? {
        let normalised = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "T", with: " ")
        let formatter = Self.formatter
        formatter.isLenient = false
        if let date = formatter.date(from: normalised) { return date }
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.date(from: normalised)?.addingTimeInterval(9 * 3600)
    }

    static func parseInterval(_ text: String) -> TimeInterval? {
        let units: [Character: TimeInterval] = ["m": 60, "h": 3600, "d": 86_400, "w": 604_800]
        var total: TimeInterval = 0
        var digits = ""
        for character in text.trimmingCharacters(in: .whitespaces).lowercased() {
            if character.isASCII, character.isNumber {
                digits.append(character)
            } else if let unit = units[character], let amount = Int(digits) {
                total += TimeInterval(amount) * unit
                digits = ""
            } else {
                return nil
            }
        }
        return digits.isEmpty && total > 0 ? total : nil
    }
}
