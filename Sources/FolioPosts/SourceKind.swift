import Foundation
/// What a repository source is, which decides how much its passages weigh in retrieval.
public enum SourceKind: String, Sendable, Codable, CaseIterable, Comparable {
    /// `README*` at the top of the repository.
    case readme
    /// The package manifest (`Package.swift`, `package.json`, `pyproject.toml`, `Cargo.toml`, `go.mod`).
    case manifest
    /// Code and text under `examples/`, `samples/`, `demo/`.
    case examples
    /// Documentation: `docs/`, `doc/`, `Documentation/`, other top-level Markdown files.
    case docs
    /// `CHANGELOG*`, `CHANGES*`, `HISTORY*`, `NEWS*`, `RELEASES*`.
    case changelog
    /// The repository's tags (`git tag`).
    case tags
    /// Recent commit subjects and bodies (`git log`).
    case commits

    public static func < (lhs: SourceKind, rhs: SourceKind) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// How much each kind of source weighs: a passage scores its similarity times its kind's weight.
public struct SourceWeights: Sendable, Equatable {
    /// Weight by kind; a missing kind weighs 0.5.
    public var weights: [SourceKind: Double]

    /// README > manifest > examples > docs > changelog > commits > tags by default.
    public init(weights: [SourceKind: Double] = SourceWeights.defaults) {
        self.weights = weights
    }

    /// The default weights.
    public static let defaults: [SourceKind: Double] = [
        .readme: 1.0, .manifest: 0.9, .examples: 0.85, .docs: 0.75, .changelog: 0.65, .commits: 0.6, .tags: 0.5,
    ]

    /// The weight of `kind`.
    public subscript(kind: SourceKind) -> Double { weights[kind] ?? 0.5 }
}

/// One text a post may draw on: a file of the repository, or its history as text.
public struct RepositorySource: Sendable, Equatable {
    /// What it is.
    public var kind: SourceKind
    /// Its path relative to the repository (`git log` and `git tag` for the history).
    public var path: String
    /// Its text; line numbers of passages count lines of this text.
    public var text: String

    /// Creates a source.
    public init(kind: SourceKind, path: String, text: String) {
        self.kind = kind
        self.path = path
        self.text = text
    }
}
