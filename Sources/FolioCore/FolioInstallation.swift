import Foundation

/// Where Folio's installed files live — the bundled model, `llama-server`, MiniLM and the
/// cl100k ranks, all under `models/` — as opposed to the author's files (`config.env`,
/// `books/`, the cache and logs), which stay relative to the working folder.
///
/// The root is `FOLIO_HOME` when set; otherwise the nearest folder holding `models/` found
/// walking up from the running executable: `PREFIX/share/folio` for an installed `folio`
/// (`PREFIX/bin/folio`), the package root for a build (`.build/debug/folio`).
public struct FolioInstallation: Sendable, Equatable {
    /// The folder holding `models/`, or `nil` when none was found (paths then stay as given).
    public let root: URL?

    /// An installation rooted at `root`.
    public init(root: URL?) {
        self.root = root
    }

    /// The installation of the running executable, or `FOLIO_HOME` from `environment`.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        if let home = environment["FOLIO_HOME"], !home.isEmpty {
            root = URL(fileURLWithPath: home, isDirectory: true).standardizedFileURL
            return
        }
        root = Self.root(above: Self.executableFolder())
    }

    /// The folder holding `models/` at or above `folder` (itself, or `share/folio` beside it),
    /// looking at most a few levels up.
    static func root(above folder: URL?) -> URL? {
        var candidate = folder
        for _ in 0..<5 {
            guard let folder = candidate else { return nil }
            for root in [folder, folder.appendingPathComponent("share/folio", isDirectory: true)]
            where isFolder(root.appendingPathComponent("models")) {
                return root.standardizedFileURL
            }
            guard folder.path != "/" else { return nil }
            candidate = folder.deletingLastPathComponent()
        }
        return nil
    }

    /// Resolves a path to an installed file.
    ///
    /// Absolute paths are kept. A relative path that exists in the working folder is kept
    /// too (an author's own `models/`); otherwise it is taken inside the installation. With
    /// no installation found the path is kept as given, so errors name what was asked for.
    public func resolve(_ path: String) -> String {
        guard !path.hasPrefix("/"), let root else { return path }
        if FileManager.default.fileExists(atPath: path) { return path }
        return root.appendingPathComponent(path).path
    }

    private static func executableFolder() -> URL? {
        #if os(Linux)
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        #else
        guard let path = Bundle.main.executablePath else { return nil }
        let executable = URL(fileURLWithPath: path).resolvingSymlinksInPath()
        #endif
        return executable.deletingLastPathComponent()
    }

    private static func isFolder(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
