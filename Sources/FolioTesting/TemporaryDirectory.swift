import Foundation

/// A fresh folder under the system's temporary directory, removed by `remove()`.
public struct TemporaryDirectory: Sendable {
    /// The folder's URL.
    public let url: URL
    /// The folder's path.
    public var path: String { url.path }

    /// Creates an empty folder named after `prefix`.
    public init(_ prefix: String = "folio-test") throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(prefix)-\(UUID().uuidString.prefix(8))", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// Deletes the folder and everything in it.
    public func remove() {
        try? FileManager.default.removeItem(at: url)
    }

    /// A path inside the folder.
    public func appending(_ component: String) -> String {
        url.appendingPathComponent(component).path
    }
}

/// Runs `body` with a temporary folder that is removed afterwards.
public func withTemporaryDirectory<T>(_ prefix: String = "folio-test", _ body: (TemporaryDirectory) async throws -> T) async throws -> T {
    let directory = try TemporaryDirectory(prefix)
    defer { directory.remove() }
    return try await body(directory)
}
