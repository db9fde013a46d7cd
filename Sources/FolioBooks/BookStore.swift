#if canImport(Glibc)
import Glibc
#endif
import FolioCore
import Foundation

/// Books on disk: `BOOKS_DIR/<slug>/book.json` and `chapters/NN-<slug>.md`.
///
/// Every write is atomic; a chapter file exists only once the chapter is complete.
public struct BookStore: Sendable {
    /// The books folder.
    public let directory: URL

    /// A store rooted at `directory` (created on first write).
    public init(directory: String) {
        self.directory = URL(fileURLWithPath: directory, isDirectory: true)
    }

    /// The folder of the book with `slug`.
    public func folder(for slug: String) -> URL {
        directory.appendingPathComponent(slug, isDirectory: true)
    }

    /// Fails with a one-line reason when books cannot be written under the folder.
    public func checkWritable() throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw FolioError.badInput("books folder \(directory.path) is a file, not a folder")
            }
            guard access(directory.path, W_OK | X_OK) == 0 else {
                throw FolioError.badInput("books folder \(directory.path) is not writable")
            }
            return
        }
        // It will be created: its nearest existing ancestor must be writable.
        var ancestor = directory.deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: ancestor.path), ancestor.path != "/" {
            ancestor.deleteLastPathComponent()
        }
        var ancestorIsDirectory: ObjCBool = false
        FileManager.default.fileExists(atPath: ancestor.path, isDirectory: &ancestorIsDirectory)
        guard ancestorIsDirectory.boolValue else {
            throw FolioError.badInput("cannot create books folder \(directory.path): \(ancestor.path) is a file")
        }
        guard access(ancestor.path, W_OK | X_OK) == 0 else {
            throw FolioError.badInput("cannot create books folder \(directory.path): \(ancestor.path) is not writable")
        }
    }

    /// The saved manifest of the book with `slug`, or `nil` when there is none.
    public func load(slug: String) throws -> Book? {
        let url = folder(for: slug).appendingPathComponent("book.json")
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        do {
            return try Self.decoder.decode(Book.self, from: data)
        } catch {
            throw FolioError.badInput("\(url.path) is not a valid book.json; move it aside to start over")
        }
    }

    /// The saved book that `request` continues, or `nil` when its folder holds none.
    ///
    /// Two titles can share a slug (`Slug.make` folds case, punctuation and scripts), so a
    /// saved book is continued only when its title is the one asked for; any other book in
    /// that folder is refused (bad input) rather than resumed, reported complete or overwritten.
    public func existingBook(for request: BookRequest) throws -> Book? {
        guard let saved = try load(slug: request.slug) else { return nil }
        guard saved.title == request.title else {
            throw FolioError.badInput(
                "\(folder(for: request.slug).path) already holds the book '\(saved.title)', not '\(request.title)'; "
                    + "choose another folder with --slug NAME")
        }
        return saved
    }

    /// Loads the book in `folder` (a path to a book folder).
    public static func load(folder: String) throws -> Book {
        let url = URL(fileURLWithPath: folder)
        let store = BookStore(directory: url.deletingLastPathComponent().path)
        guard let book = try store.load(slug: url.lastPathComponent) else {
            throw FolioError.badInput("no book.json in \(folder)")
        }
        return book
    }

    /// Saves `book.json` atomically.
    public func save(_ book: Book) throws {
        var book = book
        book.updatedAt = Self.timestamp()
        let data = try Self.encoder.encode(book)
        try AtomicFile.write(data + Data("\n".utf8), to: folder(for: book.slug).appendingPathComponent("book.json"))
    }

    /// Saves a complete chapter's text atomically.
    public func writeChapter(_ text: String, file: String, slug: String) throws {
        try AtomicFile.write(text, to: folder(for: slug).appendingPathComponent(file))
    }

    /// The saved text of a chapter file, if it exists.
    public func readChapter(file: String, slug: String) -> String? {
        try? String(contentsOf: folder(for: slug).appendingPathComponent(file), encoding: .utf8)
    }

    /// The current time, ISO 8601 in UTC.
    public static func timestamp(_ date: Date = Date()) -> String {
        date.formatted(.iso8601)
    }

    /// The encoder for `book.json`: snake_case keys, sorted, indented.
    public static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }
}
