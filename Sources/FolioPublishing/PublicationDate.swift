import Foundation

/// The one date an export carries everywhere (metadata, archive entries), so the same book
/// exports to the same bytes.
public enum PublicationDate {
    /// `SOURCE_DATE_EPOCH` from `environment` when set (the reproducible-builds convention),
    /// else `nil`, so the book's own `updated_at` is used.
    public static func sourceDateEpoch(_ environment: [String: String]) throws -> Date? {
        guard let value = environment["SOURCE_DATE_EPOCH"], !value.isEmpty else { return nil }
        guard let seconds = Int64(value), seconds >= 0 else {
            throw PublishingError.badSourceDateEpoch(value)
        }
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// An ISO 8601 timestamp (with or without fractional seconds), or `nil`.
    public static func parse(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: .iso8601) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }

    /// `2026-12-02T22:40:00Z`: whole seconds in UTC, as EPUB's `dcterms:modified` requires.
    public static func iso8601(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down)))
    }
}
