import FolioBooks
import FolioCore
import FolioPublishing
import Foundation

/// A reader's verdict on one version of a post, one line of `posts/<repo-slug>/feedback.jsonl`.
public struct PostFeedback: Sendable, Equatable, Codable {
    /// What the reader thought.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case like, dislike
        case tooLong = "too-long"
        case tooSalesy = "too-salesy"
        case inaccurate, other

        /// What the next version does about it (the code does it; see `post revise`).
        public var instruction: String {
            switch self {
            case .like: "Keep the hook type; new sentences."
            case .dislike: "Another hook type and new sentences."
            case .tooLong: "Fewer and shorter sentences."
            case .tooSalesy: "No hype words or exclamation marks."
            case .inaccurate: "Leave out the facts of the pieces the note names, else of the least trusted piece."
            case .other: ""
            }
        }
    }

    /// The version judged.
    public var version: Int
    /// The verdict.
    public var kind: Kind
    /// The reader's words, if any.
    public var note: String?
    /// When it was given (ISO 8601).
    public var createdAt: String

    /// Creates feedback.
    public init(version: Int, kind: Kind, note: String?, createdAt: String) {
        self.version = version
        self.kind = kind
        self.note = note
        self.createdAt = createdAt
    }

    /// The instructions this feedback gives the next version.
    public var instructions: [String] {
        [kind.instruction, note.map { "Reader's note: \($0)" } ?? ""].filter { !$0.isEmpty }
    }
}

/// `feedback.jsonl` beside a post's `post.json`: appended to, never rewritten in part.
public struct FeedbackLog: Sendable {
    /// The file.
    public let url: URL
    /// The post's folder, whose lock every append holds.
    public let folder: URL

    /// The log of the post in `folder`.
    public init(folder: URL) {
        self.folder = folder
        url = folder.appendingPathComponent("feedback.jsonl")
    }

    /// Every entry, oldest first; lines that are not feedback are skipped.
    public func entries() -> [PostFeedback] {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return text.split(whereSeparator: \.isNewline).compactMap { try? decoder.decode(PostFeedback.self, from: Data($0.utf8)) }
    }

    /// Appends `entry` (the file is rewritten whole and atomically, so a reader never sees half a
    /// line), holding the post folder's lock as a version save does, so appends from several
    /// processes at once each keep their line.
    public func append(_ entry: PostFeedback) async throws {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let line = try encoder.encode(entry) + Data("\n".utf8)
        try await BookLock.withLock(folder: folder, waiting: .seconds(60)) {
            var data = (try? Data(contentsOf: url)) ?? Data()
            if let last = data.last, last != UInt8(ascii: "\n") { data.append(UInt8(ascii: "\n")) }
            try AtomicFile.write(data + line, to: url)
        }
    }
}
