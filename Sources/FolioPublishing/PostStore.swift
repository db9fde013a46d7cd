import FolioBooks
import FolioCore
import Foundation

/// Posts on disk: `POSTS_DIR/<repo-slug>/post.json`, written atomically.
public struct PostStore: Sendable {
    /// The posts folder.
    public let directory: URL

    /// A store rooted at `directory`.
    public init(directory: String) {
        self.directory = URL(fileURLWithPath: directory, isDirectory: true)
    }

    /// Saves `post` as `<repo-slug>/post.json`.
    public func save(_ post: Post) throws {
        let data = try Self.encoder.encode(post) + Data("\n".utf8)
        try AtomicFile.write(data, to: directory.appendingPathComponent(post.repoSlug).appendingPathComponent("post.json"))
    }

    /// Every post in the folder, in folder-name order; folders without `post.json` are skipped.
    public func loadAll() throws -> [Post] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else {
            throw PublishingError.noPost(directory.path)
        }
        let posts = try names.sorted().compactMap { name -> Post? in
            let folder = directory.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: folder.appendingPathComponent("post.json").path) else {
                return nil
            }
            return try Self.load(folder: folder.path)
        }
        guard !posts.isEmpty else { throw PublishingError.noPost(directory.path) }
        return posts
    }

    /// The post in `folder` (a folder holding `post.json`, or the file itself).
    public static func load(folder: String) throws -> Post {
        var url = URL(fileURLWithPath: folder)
        if url.lastPathComponent != "post.json" { url.appendPathComponent("post.json") }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw PublishingError.noPost(folder)
        }
        let post: Post
        do {
            post = try decoder.decode(Post.self, from: data)
        } catch {
            throw PublishingError.badPost(url.path, Self.reason(error))
        }
        guard post.latest != nil else { throw PublishingError.badPost(url.path, "it has no version") }
        return post
    }

    private static func reason(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): "missing \(key.stringValue)"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "wrong type at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        default: "not JSON"
        }
    }

    /// The encoder of `book.json` (snake_case keys, sorted, indented): the two files read alike.
    public static var encoder: JSONEncoder { BookStore.encoder }

    private static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .custom { path in
            let key = path.last!
            // A version's safety report spells its own keys in snake case: they are read as written.
            if path.dropLast().contains(where: { $0.stringValue == "safety" }) { return key }
            return SnakeCaseKey(camelCasing: key.stringValue)
        }
        return decoder
    }

    /// `first_line` read as `firstLine`, as `.convertFromSnakeCase` reads it.
    private struct SnakeCaseKey: CodingKey {
        var stringValue: String
        var intValue: Int?

        init(camelCasing snake: String) {
            let parts = snake.split(separator: "_", omittingEmptySubsequences: false)
            stringValue = parts.count < 2 || snake.hasPrefix("_") ? snake
                : String(parts[0]) + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
        }

        init?(stringValue: String) { self.stringValue = stringValue }

        init?(intValue: Int) {
            stringValue = String(intValue)
            self.intValue = intValue
        }
    }
}
