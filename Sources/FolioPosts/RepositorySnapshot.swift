import Foundation
/// A repository as read at one commit: its sources by kind, its manifest, and what was skipped.
public struct RepositorySnapshot: Sendable {
    /// Where it came from, as given.
    public var location: RepositoryLocation
    /// The work tree that was read.
    public var root: String
    /// The project's name: the manifest's, else the folder's or URL's.
    public var name: String
    /// The commit read (`git rev-parse HEAD`), or `tree-<hash>` of the sources of a folder without git.
    public var commit: String
    /// Whether the files came from `git ls-files` (else from walking the folder).
    public var tracked: Bool
    /// The package manifest, when there is one.
    public var manifest: RepositoryManifest?
    /// Every source, README first, history last.
    public var sources: [RepositorySource]
    /// Files left out, by reason (`binary`, `vendored`, `generated`, `huge`).
    public var skipped: [String: Int]
    /// Files listed in the repository.
    public var files: Int
    /// Topics hashtags are made from: manifest keywords, language, name, the README's recurring terms.
    public var topics: [String]

    /// The sources of `kind`.
    public func sources(_ kind: SourceKind) -> [RepositorySource] { sources.filter { $0.kind == kind } }

    /// One line for people: `Folio @ 1a2b3c4 · 12 sources (readme 1, docs 6, …) · skipped 3 binary`.
    public var summary: String {
        let counts = SourceKind.allCases.compactMap { kind -> String? in
            let count = sources(kind).count
            return count == 0 ? nil : "\(kind.rawValue) \(count)"
        }
        var line = "\(name) @ \(commit.prefix(12)) · \(sources.count) sources (\(counts.joined(separator: ", ")))"
        let skips = skipped.filter { $0.value > 0 }.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
        if !skips.isEmpty { line += " · skipped \(skips.joined(separator: ", "))" }
        return line
    }
}
