import Foundation

/// A post about a code repository, saved as `posts/<repo-slug>/post.json`: every version kept,
/// the newest last. The post generator writes it; exporters read it.
public struct Post: Sendable, Equatable, Codable {
    /// Version of this file's layout.
    public var schemaVersion: Int = 1
    /// The folder name: the repository's slug.
    public var repoSlug: String
    /// The repository as the user named it (path, URL or `owner/name`).
    public var repo: String
    /// Every version, oldest first.
    public var versions: [PostVersion]
    /// When the first version was written (ISO 8601).
    public var createdAt: String
    /// When `post.json` was last written (ISO 8601).
    public var updatedAt: String

    /// Creates a post.
    public init(repoSlug: String, repo: String, versions: [PostVersion], createdAt: String, updatedAt: String) {
        self.repoSlug = repoSlug
        self.repo = repo
        self.versions = versions
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The newest version, the one exports use.
    public var latest: PostVersion? { versions.max { $0.version < $1.version } }
}

/// One version of a ``Post``.
public struct PostVersion: Sendable, Equatable, Codable {
    /// 1-based version number.
    public var version: Int
    /// The post's text (may hold light Markdown; exporters turn it into what each target reads).
    public var text: String
    /// The kind of opening line (`question`, `statistic`, `story`, …).
    public var hookType: String
    /// Hashtags, with or without `#`.
    public var hashtags: [String]
    /// Quality score from 0 to 1, when measured.
    public var quality: Double?
    /// How sure the safety chain is that every claim is supported, from 0 to 1.
    public var safetyConfidence: Double?
    /// Provider tier that wrote the version.
    public var provider: String?
    /// Model that wrote the version.
    public var model: String?
    /// The repository's commit the version was written from.
    public var commit: String?
    /// When the version was written (ISO 8601).
    public var createdAt: String

    /// Creates a version.
    public init(version: Int, text: String, hookType: String, hashtags: [String], quality: Double? = nil,
                safetyConfidence: Double? = nil, provider: String? = nil, model: String? = nil,
                commit: String? = nil, createdAt: String) {
        self.version = version
        self.text = text
        self.hookType = hookType
        self.hashtags = hashtags
        self.quality = quality
        self.safetyConfidence = safetyConfidence
        self.provider = provider
        self.model = model
        self.commit = commit
        self.createdAt = createdAt
    }
}
