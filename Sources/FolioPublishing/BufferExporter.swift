import Foundation

/// Posts as Buffer's bulk-upload CSV (`Text,Image URL,Tags,Posting Time`), at most 100 rows a
/// file, as Buffer accepts. Without a schedule the posting time is blank and Buffer queues them.
public struct BufferExporter: Exporter {
    /// When to post; `nil` leaves Posting Time blank.
    public var schedule: BufferSchedule?
    /// Rows per file.
    public var rowsPerFile = 100
    /// How the text is formatted.
    public var formatter: LinkedInFormatter

    /// An exporter with an optional schedule.
    public init(schedule: BufferSchedule? = nil, formatter: LinkedInFormatter = LinkedInFormatter()) {
        self.schedule = schedule
        self.formatter = formatter
    }

    public var format: ExportFormat { .buffer }
    public var fileExtension: String { "csv" }

    /// Buffer's column names.
    public static let header = ["Text", "Image URL", "Tags", "Posting Time"]

    public func export(_ posts: [Post]) throws -> ExportArtifact {
        let versions = posts.compactMap { post in post.latest.map { (post.repoSlug, $0) } }
        let rows = versions.enumerated().map { index, entry -> [String] in
            let text = formatter.format(entry.1, repoName: entry.0).text
            return [text, "", "", schedule?.time(at: index) ?? ""]
        }
        let parts = stride(from: 0, to: max(rows.count, 1), by: rowsPerFile).map { start in
            CSVTable(header: Self.header, rows: Array(rows[start..<min(start + rowsPerFile, rows.count)])).data()
        }
        return ExportArtifact(.parts(parts))
    }
}
