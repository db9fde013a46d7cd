import FolioCore
import Foundation

/// Where a repository is, as a user names it: a folder (a git work tree or not), a git URL
/// (`https://`, `http://`, `ssh://`, `git@host:path`, `file://`), or `owner/name` for GitHub.
public enum RepositoryLocation: Sendable, Equatable, CustomStringConvertible {
    /// A folder on this machine (absolute path).
    case folder(String)
    /// A git URL to clone.
    case remote(String)

    /// Reads `input`: an existing folder wins, then URLs, then the `owner/name` shorthand.
    ///
    /// - Throws: `FolioError.badInput` naming what was looked for when `input` is none of them.
    public static func parse(_ input: String, relativeTo base: String = FileManager.default.currentDirectoryPath) throws
        -> RepositoryLocation {
        let trimmed = input.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw FolioError.badInput("empty repository: give a folder, a git URL or owner/name") }
        let path = trimmed.hasPrefix("/") ? trimmed : URL(fileURLWithPath: base).appendingPathComponent(trimmed).path
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
            guard isFolder.boolValue else { throw FolioError.badInput("\(trimmed) is a file, not a repository folder") }
            return .folder(URL(fileURLWithPath: path).standardizedFileURL.path)
        }
        let lowered = trimmed.lowercased()
        if ["https://", "http://", "ssh://", "git://", "file://"].contains(where: lowered.hasPrefix) {
            return .remote(trimmed)
        }
        if trimmed.range(of: #"^[A-Za-z0-9_.-]+@[A-Za-z0-9_.-]+:.+"#, options: .regularExpression) != nil {
            return .remote(trimmed)
        }
        if trimmed.range(of: #"^[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9_.-]+$"#, options: .regularExpression) != nil,
           !trimmed.hasPrefix("."), !trimmed.hasSuffix("/") {
            let name = trimmed.hasSuffix(".git") ? String(trimmed.dropLast(4)) : trimmed
            return .remote("https://github.com/\(name).git")
        }
        throw FolioError.badInput(
            "no repository at \(trimmed): not a folder, a git URL (https://, git@, file://) or owner/name")
    }

    /// The repository's own name: the folder's or the URL's last component, without `.git`.
    public var name: String {
        let raw: String
        switch self {
        case .folder(let path): raw = URL(fileURLWithPath: path).lastPathComponent
        case .remote(let url):
            let tail = url.split(whereSeparator: { $0 == "/" || $0 == ":" }).last.map(String.init) ?? url
            raw = tail
        }
        return raw.hasSuffix(".git") ? String(raw.dropLast(4)) : raw
    }

    /// The address a reader can open in a browser: an `https://` or `http://` URL, or a
    /// `git@host:owner/name` one, without `.git`; `nil` for folders and other URLs.
    public var webAddress: String? {
        guard case .remote(let url) = self else { return nil }
        var address: String
        if url.lowercased().hasPrefix("https://") || url.lowercased().hasPrefix("http://") {
            address = url
        } else if let match = url.wholeMatch(of: #/[A-Za-z0-9_.-]+@([A-Za-z0-9_.-]+):(.+)/#) {
            address = "https://\(match.1)/\(match.2)"
        } else {
            return nil
        }
        if address.hasSuffix(".git") { address.removeLast(4) }
        return address
    }

    public var description: String {
        switch self {
        case .folder(let path): path
        case .remote(let url): url
        }
    }
}
