import FolioCore
import Foundation
import Logging

/// Brings a remote repository to this machine: a shallow clone with the `git` CLI, kept in a
/// cache folder keyed by the URL and the commit, so the same commit is cloned once.
public struct RepositoryFetcher: Sendable {
    /// Where clones are kept (`<cache>/<url-hash>/<commit>`).
    public let cacheDirectory: String
    /// Commits of history fetched (the recent history is one of the sources).
    public let depth: Int
    private let logger = FolioLogging.logger("posts")

    /// A fetcher keeping clones under `cacheDirectory`.
    public init(cacheDirectory: String, depth: Int = 50) {
        self.cacheDirectory = cacheDirectory
        self.depth = depth
    }

    /// The work tree of `url`'s default branch at its current commit, cloned if not cached.
    ///
    /// - Throws: `FolioError.runtime` with git's reason when the repository cannot be reached or cloned.
    public func checkout(_ url: String) throws -> String {
        let remote = try Git.run(["ls-remote", "--symref", url, "HEAD"])
        guard remote.status == 0 else { throw FolioError.runtime("cannot clone \(url): \(remote.reason)") }
        let head = remote.stdout.split(whereSeparator: \.isNewline)
            .first { $0.hasSuffix("\tHEAD") && !$0.hasPrefix("ref:") }
            .map { String($0.prefix { !$0.isWhitespace }) }
        guard let commit = head, !commit.isEmpty else {
            throw FolioError.badInput("\(url) is an empty repository: it has no commit to read")
        }
        let folder = URL(fileURLWithPath: cacheDirectory)
            .appendingPathComponent(String(ContentHash.of(url).prefix(16)))
            .appendingPathComponent(commit)
        if Git.head(of: folder.path) == commit { return folder.path }
        try FileManager.default.createDirectory(at: folder.deletingLastPathComponent(), withIntermediateDirectories: true)
        // Cloned beside its final place and renamed there, so a cached folder is always whole.
        let staging = folder.deletingLastPathComponent().appendingPathComponent(".clone-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: staging) }
        logger.info("cloning", metadata: ["url": "\(url)", "commit": "\(commit)"])
        let clone = try Git.run(["clone", "--quiet", "--depth", String(depth), url, staging.path])
        guard clone.status == 0 else { throw FolioError.runtime("cannot clone \(url): \(clone.reason)") }
        // The remote may have moved on between the two calls: the folder is named after what was cloned.
        let cloned = Git.head(of: staging.path) ?? commit
        let target = folder.deletingLastPathComponent().appendingPathComponent(cloned)
        if Git.head(of: target.path) == cloned { return target.path }
        try? FileManager.default.removeItem(at: target)
        try FileManager.default.moveItem(at: staging, to: target)
        return target.path
    }
}
