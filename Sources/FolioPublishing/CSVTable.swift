import Foundation

/// A table written as RFC 4180 CSV: CRLF line ends (the last line too), a field quoted when it
/// holds a comma, quote, CR or LF (or starts or ends with a space), quotes doubled.
public struct CSVTable: Sendable, Equatable {
    /// The header row.
    public var header: [String]
    /// The data rows, each as long as the header.
    public var rows: [[String]]

    /// A table with a header and rows.
    public init(header: [String], rows: [[String]] = []) {
        self.header = header
        self.rows = rows
    }

    /// UTF-8 CSV; with `byteOrderMark`, prefixed by one so Excel reads it as UTF-8.
    public func data(byteOrderMark: Bool = false) -> Data {
        var text = byteOrderMark ? "\u{FEFF}" : ""
        for row in [header] + rows {
            text += row.map(Self.field).joined(separator: ",") + "\r\n"
        }
        return Data(text.utf8)
    }

    /// One field, quoted when it must be.
    static func field(_ value: String) -> String {
        let needsQuotes = value.contains { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }
            || value.hasPrefix(" ") || value.hasSuffix(" ")
        guard needsQuotes else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
