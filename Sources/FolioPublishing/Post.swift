import FolioBooks
import FolioProviders
import FolioSafety
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
    /// The opening line, as chosen by the hook step.
    public var hook: String?
    /// The facts the post was written from, each with the file and lines it comes from.
    public var facts: [PostFact]?
    /// The parts of ``quality``.
    public var qualityParts: PostQualityParts?
    /// The safety chain's report on the text, checked against the repository's sources.
    public var safety: SafetyReport?
    /// Tokens and cost of every model call that made this version.
    public var usage: TokenUsage?
    /// What the writer was asked for: style, tone, audience and feedback to act on.
    public var brief: PostBrief?
    /// What the guards took out of the model's answers.
    public var guardActions: [GuardAction]?
    /// Sentences the model wrote that the sources did not support, left out of the text.
    public var droppedSentences: [String]?
    /// Each kept sentence (the opening line first) with the fact it was written from, the
    /// judge's score and how much of it quotes that fact's source sentence.
    public var pieces: [PostPiece]?
    /// What the safety chain changed in the text (`SAFETY_ACTION` rewrite, remove or mark):
    /// each sentence the sources did not support, before and after; `safety` checks the text after.
    public var safetyChanges: [RewriteResult.Change]?
    /// The README's command that closes the text as its "Try it:" line, with the line it was
    /// taken from; the sources' words, not the model's.
    public var tryIt: PostFact?
    /// The version this one revises, for `post revise`.
    public var revises: Int?
    /// Wall time of the whole run, in seconds.
    public var seconds: Double?

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

/// One sentence of a post as the model wrote it, with the fact it was written from.
public struct PostPiece: Sendable, Equatable, Codable {
    /// The sentence as the model wrote it.
    public var text: String
    /// The fact it was written from.
    public var fact: String
    /// Where that fact stands (`README.md:12-14`).
    public var source: String
    /// The judge's lowest score of its claims (1 when it makes none); `nil` when no judge ran.
    public var judgeScore: Double?
    /// Share of its words in the longest run of words it copies from the fact's sentence.
    public var quotedShare: Double
    /// Whether it quotes its source sentence: half its words or more in one copied run.
    public var quotesSource: Bool
    /// Candidates that passed every check, this one the judge's best of them.
    public var candidates: Int

    /// Creates a piece.
    public init(text: String, fact: String, source: String, judgeScore: Double?, quotedShare: Double, candidates: Int) {
        self.text = text
        self.fact = fact
        self.source = source
        self.judgeScore = judgeScore
        self.quotedShare = quotedShare
        quotesSource = quotedShare >= 0.5
        self.candidates = candidates
    }
}

/// A fact a post was written from, traced to its source.
public struct PostFact: Sendable, Equatable, Codable {
    /// The fact, one sentence.
    public var text: String
    /// The file it comes from, relative to the repository (`git log` and `git tag` for history).
    public var file: String
    /// First line of the passage, 1-based.
    public var firstLine: Int
    /// Last line of the passage.
    public var lastLine: Int
    /// The kind of source (`readme`, `docs`, `examples`, `manifest`, `changelog`, `tags`, `commits`).
    public var kind: String

    /// Creates a fact.
    public init(text: String, file: String, firstLine: Int, lastLine: Int, kind: String) {
        self.text = text
        self.file = file
        self.firstLine = firstLine
        self.lastLine = lastLine
        self.kind = kind
    }
}

/// The rubric behind a post's quality score, each part from 0 to 1.
public struct PostQualityParts: Sendable, Equatable, Codable {
    /// The opening line: short, on its own, a question, number or claim a reader stops at.
    public var hookStrength: Double
    /// Share of sentences carrying a concrete detail from the facts (a name, number or term).
    public var specificity: Double
    /// Closeness of the word count to the target range.
    public var length: Double
    /// Short sentences and paragraphs, no vague filler.
    public var readability: Double

    /// Creates the parts.
    public init(hookStrength: Double, specificity: Double, length: Double, readability: Double) {
        self.hookStrength = hookStrength
        self.specificity = specificity
        self.length = length
        self.readability = readability
    }

    /// The score: the mean of the parts.
    public var score: Double { (hookStrength + specificity + length + readability) / 4 }
}

/// What a post's writer was asked for.
public struct PostBrief: Sendable, Equatable, Codable {
    /// Style (`story`, `announcement`, `tutorial`, … free text).
    public var style: String?
    /// Tone (`friendly`, `technical`, … free text).
    public var tone: String?
    /// Who the post is for.
    public var audience: String?
    /// The hook type asked for (`auto` or a type).
    public var hook: String
    /// Feedback the version acts on (`post revise`).
    public var feedback: [String]

    /// Creates a brief.
    public init(style: String? = nil, tone: String? = nil, audience: String? = nil, hook: String = "auto",
                feedback: [String] = []) {
        self.style = style
        self.tone = tone
        self.audience = audience
        self.hook = hook
        self.feedback = feedback
    }
}
