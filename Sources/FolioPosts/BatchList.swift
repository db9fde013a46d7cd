import FolioCore
import Foundation

/// The repositories of `folio batch --repos FILE`: one path, URL or `owner/name` per line;
/// blank lines and `#` comments skipped, repeated entries dropped with a note.
public struct BatchList: Sendable, Equatable {
    /// One entry and the line it is on.
    public struct Entry: Sendable, Equatable, Codable {
        /// 1-based line number in the file.
        public var line: Int
        /// The entry as written (trimmed).
        public var text: String

        /// The entry `text` on `line`.
        public init(line: Int, text: String) {
            self.line = line
            self.text = text
        }
    }

    /// Entries to run, in file order.
    public var entries: [Entry]
    /// One note per dropped duplicate (`line 7: duplicate of line 3`).
    public var notes: [String]

    /// A list of `entries`, with `notes` about lines dropped.
    public init(entries: [Entry], notes: [String] = []) {
        self.entries = entries
        self.notes = notes
    }

    /// Reads the list at `path`.
    ///
    /// - Throws: `FolioError.badInput` when the file cannot be read, is not text, or lists nothing.
    public static func read(path: String) throws -> BatchList {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FolioError.badInput("cannot read the repository list \(path)")
        }
        guard let text = String(data: data, encoding: .utf8), !data.contains(0) else {
            throw FolioError.badInput("the repository list \(path) is not UTF-8 text")
        }
        let list = parse(text)
        guard !list.entries.isEmpty else {
            throw FolioError.badInput("the repository list \(path) names no repository (one path, URL or owner/name per line)")
        }
        return list
    }

    /// Reads a list from its text.
    public static func parse(_ text: String) -> BatchList {
        var entries: [Entry] = []
        var notes: [String] = []
        var first: [String: Int] = [:]
        for (offset, raw) in text.components(separatedBy: "\n").enumerated() {
            var line = raw
            if let hash = line.range(of: " #") { line = String(line[..<hash.lowerBound]) }
            line = line.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            let key = line.lowercased().replacingOccurrences(of: #"(\.git)?/*$"#, with: "", options: .regularExpression)
            if let earlier = first[key] {
                notes.append("line \(offset + 1): duplicate of line \(earlier), skipped")
                continue
            }
            first[key] = offset + 1
            entries.append(Entry(line: offset + 1, text: line))
        }
        return BatchList(entries: entries, notes: notes)
    }
}
