import FolioBooks
import FolioCore
import FolioProviders
import FolioPublishing
import FolioRetrieval
import FolioSafety
import Foundation
import Logging

/// A post about a repository, start to end: read the repository, index its sources (one store
/// per commit), gather the best evidence by weighted retrieval, run the generation chain, check
/// the text against the sources with the safety chain, and add the result as a new version of
/// `posts/<repo-slug>/post.json`.
public struct PostPipeline: Sendable {
    /// Tuning.
    public struct Options: Sendable {
        /// Where posts are kept (`POSTS_DIR`).
        public var postsDirectory: String
        /// Where repository stores are kept (one folder per repository commit).
        public var indexDirectory: String
        /// Weight of each kind of source (`POST_WEIGHT_*`).
        public var weights: SourceWeights
        /// Tokens of evidence given to the facts step.
        public var evidenceTokens: Int
        /// Model name for every call (each tier's default when `nil`).
        public var model: String?
        /// Chunking and index settings of the repository stores.
        public var store: RetrievalStore.Options
        /// Tries per step: each body sentence gets one more before its fact is given up, the
        /// hook (which fewer of a small model's answers pass) four times as many.
        public var attempts: Int
        /// Words of the whole post the quality score aims at.
        public var words: ClosedRange<Int>
        /// What is done with sentences the repository's sources do not support (`SAFETY_ACTION`):
        /// `.rewrite` restates them from their evidence with the model, `.report` leaves the text.
        public var safetyAction: SafetyAction = .report
        /// Base sampler seed of the chain's calls (`POST_SEED`).
        public var seed = 1
        /// Whether body sentences shorten their facts by leaving clauses out (`POST_BODY`).
        public var trimsFacts = false

        /// Creates options.
        public init(postsDirectory: String = "posts", indexDirectory: String = ".cache/folio/repo-index",
                    weights: SourceWeights = SourceWeights(), evidenceTokens: Int = 900, model: String? = nil,
                    store: RetrievalStore.Options = RetrievalStore.Options(), attempts: Int = 3,
                    words: ClosedRange<Int> = 40...150) {
            self.postsDirectory = postsDirectory
            self.indexDirectory = indexDirectory
            self.weights = weights
            self.evidenceTokens = evidenceTokens
            self.model = model
            self.store = store
            self.attempts = attempts
            self.words = words
        }
    }

    /// Reads repositories.
    public let reader: RepositoryReader
    /// Embeds the repository sources.
    public let embedder: any Embedder
    /// Every model call goes through this (the cached provider chain).
    public let streamer: any ChatStreamer
    /// Checks each post against its sources.
    public let safety: SafetyChain
    /// Tuning.
    public let options: Options
    /// Called with each version saved and its post's folder name (the runtime logs the
    /// version's quality and safety as an assessment).
    public var onSaved: (@Sendable (_ repoSlug: String, _ version: PostVersion) -> Void)?
    private let warn: @Sendable (String) -> Void
    private let logger = FolioLogging.logger("posts")

    /// Creates a pipeline; `warn` receives one line per repair or notable skip.
    public init(reader: RepositoryReader, embedder: any Embedder, streamer: any ChatStreamer, safety: SafetyChain,
                options: Options, warn: @escaping @Sendable (String) -> Void = { _ in }) {
        self.reader = reader
        self.embedder = embedder
        self.streamer = streamer
        self.safety = safety
        self.options = options
        self.warn = warn
    }

    /// The posts on disk.
    public var store: PostStore { PostStore(directory: options.postsDirectory) }

    /// The repository `input` names (folder, URL or `owner/name`), read.
    public func read(_ input: String) throws -> RepositorySnapshot {
        try reader.read(try RepositoryLocation.parse(input))
    }

    /// The folder of the post about `snapshot`'s repository.
    public func folder(of snapshot: RepositorySnapshot) -> URL {
        store.directory.appendingPathComponent(Slug.make(snapshot.name))
    }

    /// The saved post about `snapshot`'s repository, if any.
    public func existing(_ snapshot: RepositorySnapshot) throws -> Post? {
        let folder = folder(of: snapshot)
        guard FileManager.default.fileExists(atPath: folder.appendingPathComponent("post.json").path) else { return nil }
        do {
            return try PostStore.load(folder: folder.path)
        } catch let error as PublishingError {
            throw FolioError.badInput(error.description)
        }
    }

    /// The repository's sources indexed (nothing is embedded again for a commit already indexed).
    public func index(_ snapshot: RepositorySnapshot) async throws -> RepositoryIndex {
        try await RepositoryIndex.open(snapshot, directory: options.indexDirectory, embedder: embedder,
                                       options: options.store, warn: warn)
    }

    /// The evidence the chain writes from: the best passages for what a post says (what the
    /// project is, who it is for, what is notable, how to use it, what changed), weighted by kind.
    public func evidence(_ index: RepositoryIndex) async throws -> [EvidencePassage] {
        let name = index.snapshot.name
        let queries = ["What is \(name) and what does it do?", "Who is \(name) for and what problem does it solve?",
                       "Main features of \(name)", "How to install and use \(name)", "Recent changes and releases of \(name)"]
        return try await index.evidence(for: queries, weights: options.weights, tokenBudget: options.evidenceTokens)
    }

    /// Writes a new version of the post about `snapshot`'s repository and saves it.
    ///
    /// - Parameters:
    ///   - hook: the hook type, or `nil` for `auto`.
    ///   - revising: the version this one revises (`post revise`), whose feedback is in `brief`.
    public func write(_ snapshot: RepositorySnapshot, brief: PostBrief, hook: HookType?, revising: Int? = nil)
        async throws -> (post: Post, version: PostVersion) {
        let written = try await write(snapshot, brief: brief, hook: hook, revising: revising, revision: PostRevision(), reuse: false)
        return (written.post, written.version)
    }

    /// Writes a version of the post about `snapshot`'s repository unless its commit already has
    /// one written from `brief`, which is returned instead (`reused`): running the same work
    /// again, as a job re-run by another worker is, adds no duplicate version.
    public func writeOnce(_ snapshot: RepositorySnapshot, brief: PostBrief, hook: HookType?)
        async throws -> (post: Post, version: PostVersion, reused: Bool) {
        if let post = try existing(snapshot), let done = Self.version(in: post, commit: snapshot.commit, brief: brief) {
            return (post, done, true)
        }
        return try await write(snapshot, brief: brief, hook: hook, revising: nil, revision: PostRevision(), reuse: true)
    }

    /// The newest version of `post` written from `commit` with `brief`.
    static func version(in post: Post, commit: String, brief: PostBrief) -> PostVersion? {
        post.versions.filter { $0.commit == commit && $0.brief == brief }.max { $0.version < $1.version }
    }

    private func write(_ snapshot: RepositorySnapshot, brief: PostBrief, hook: HookType?, revising: Int?, revision: PostRevision,
                       reuse: Bool)
        async throws -> (post: Post, version: PostVersion, reused: Bool) {
        let started = ContinuousClock.now
        let index = try await index(snapshot)
        let evidence = try await evidence(index)
        guard !evidence.isEmpty else {
            throw FolioError.badInput("nothing readable in \(snapshot.location): looked for \(RepositoryReader.lookedFor)")
        }
        let call = ModelCall(streamer: streamer, model: options.model)
        // One evidence index for the judge of every piece and the check of the whole post.
        let support = try await PieceSupport.build(chain: safety, sources: safetySources(snapshot, evidence: evidence))
        let writer = PostWriter(snapshot: snapshot, evidence: evidence, call: call, options: writerOptions, support: support)
        let written = try await writer.write(brief: brief, type: hook, revision: revision)
        // The README's first command closes the post, so a reader can try what it is about.
        let usage = snapshot.sources(.readme).lazy.compactMap { UsageCommand.first(in: $0.text, file: $0.path) }.first
        let closing = usage.map { "\n\n" + $0.line(link: snapshot.location.webAddress) } ?? ""
        let checked = try await SafetyRewriter(chain: safety, streamer: streamer, model: options.model)
            .check(text: written.hook + "\n\n" + written.body + closing, index: support.index, action: options.safetyAction)
        let text = checked.text
        let report = checked.finalReport
        let now = Self.timestamp()
        let tokens = await call.usage
        var version = PostVersion(
            version: 0, text: text, hookType: written.hookType.rawValue, hashtags: written.hashtags,
            quality: (written.quality.score * 1000).rounded() / 1000, safetyConfidence: report.confidence,
            provider: await call.provider, model: await call.modelName, commit: snapshot.commit, createdAt: now)
        // A revision made only of the last version's pieces asked the model nothing: they are its writer's.
        if version.provider?.isEmpty ?? true { (version.provider, version.model) = (revision.writer.provider, revision.writer.model) }
        // A rewritten or removed opening line changes the hook too.
        version.hook = checked.result.changes.isEmpty ? written.hook
            : String(text.components(separatedBy: "\n\n").first ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        version.safetyChanges = checked.result.changes.isEmpty ? nil : checked.result.changes
        version.facts = written.facts
        version.qualityParts = written.quality
        version.safety = report
        version.usage = tokens
        version.tryIt = usage.flatMap { usage in
            text.contains(usage.command)
                ? PostFact(text: usage.command, file: usage.file, firstLine: usage.line, lastLine: usage.line, kind: "readme") : nil
        }
        version.brief = brief
        version.guardActions = written.guardActions
        version.droppedSentences = written.unsupported
        // Pieces the safety chain changed are no longer the model's: only those left as written are listed.
        version.pieces = written.pieces.filter { piece in text.contains(Self.trimmedEnd(piece.text)) }
        version.revises = revising
        version.seconds = ((ContinuousClock.now - started).seconds * 100).rounded() / 100
        // Feedback the version already meets (too-salesy on a post without hype) changes nothing.
        if let previous = revision.previousText, previous == text {
            throw FolioError.badInput("the revision of version \(revising ?? 0) of the post about \(snapshot.name) came out "
                + "the same: it already meets the feedback, so no version was written")
        }
        let saved = try await save(version, snapshot: snapshot, at: now, reuse: reuse)
        if !saved.reused { onSaved?(saved.post.repoSlug, saved.version) }
        logger.info(saved.reused ? "post kept" : "post written", metadata: [
            "repo": "\(snapshot.name)", "version": "\(saved.version.version)", "confidence": "\(report.confidence)"])
        return saved
    }

    /// Candidate opening lines, one per hook type (an error for a type the sources do not offer).
    public func hooks(_ snapshot: RepositorySnapshot, audience: String?) async throws
        -> [(type: HookType, line: Result<String, FolioError>)] {
        let index = try await index(snapshot)
        let evidence = try await evidence(index)
        let support = try await PieceSupport.build(chain: safety, sources: safetySources(snapshot, evidence: evidence))
        let writer = PostWriter(snapshot: snapshot, evidence: evidence, call: ModelCall(streamer: streamer, model: options.model),
                                options: writerOptions, support: support)
        return try await writer.hooks(audience: audience).map { (type: $0.0, line: $0.1) }
    }

    private var writerOptions: PostWriter.Options {
        PostWriter.Options(hookAttempts: 4 * options.attempts, pieceAttempts: options.attempts + 1, words: options.words,
                           leavesSupportToSafety: options.safetyAction == .rewrite, trimsFacts: options.trimsFacts,
                           seed: options.seed)
    }

    /// The sources the post is checked against: the README, manifest, history and every file
    /// the evidence came from (every fact is taken from one of them, or from the history).
    func safetySources(_ snapshot: RepositorySnapshot, evidence: [EvidencePassage]) -> [SourceDocument] {
        let cited = Set(evidence.map(\.file))
        return snapshot.sources.filter { [.readme, .manifest, .changelog, .tags, .commits].contains($0.kind) || cited.contains($0.path) }
            .map { SourceDocument(name: $0.path, text: $0.text) }
    }

    /// Adds `version` as the next version of the post, atomically, holding the post folder's
    /// lock so two runs (in this process or another) never number two versions alike or drop one;
    /// with `reuse`, a version of the same commit and brief saved meanwhile (by another run of the
    /// same job) is kept instead.
    private func save(_ version: PostVersion, snapshot: RepositorySnapshot, at now: String, reuse: Bool) async throws
        -> (post: Post, version: PostVersion, reused: Bool) {
        try await BookLock.withLock(folder: folder(of: snapshot), waiting: .seconds(60)) {
            var post = try existing(snapshot)
                ?? Post(repoSlug: Slug.make(snapshot.name), repo: snapshot.location.description, versions: [],
                        createdAt: now, updatedAt: now)
            if reuse, let brief = version.brief, let done = Self.version(in: post, commit: snapshot.commit, brief: brief) {
                return (post, done, true)
            }
            var version = version
            version.version = (post.versions.map(\.version).max() ?? 0) + 1
            post.versions.append(version)
            post.updatedAt = now
            try store.save(post)
            return (post, version, false)
        }
    }

    /// `line` without its closing punctuation, as it stands in the text after ``PostWriter/sentence(_:)``.
    static func trimmedEnd(_ line: String) -> String {
        line.trimmingCharacters(in: CharacterSet(charactersIn: ".!?"))
    }

    static func timestamp() -> String {
        ISO8601DateFormatter().string(from: Date())
    }
}

extension PostPipeline {
    /// Writes the next version of the post about `snapshot`'s repository, acting on the feedback
    /// given on its newest version and on `note`.
    ///
    /// - Throws: `FolioError.badInput` when there is no post yet, or nothing to act on.
    public func revise(_ snapshot: RepositorySnapshot, note: String?) async throws -> (post: Post, version: PostVersion) {
        guard let post = try existing(snapshot), let latest = post.latest else {
            throw FolioError.badInput("no post about \(snapshot.name) in \(options.postsDirectory): write one with folio post first")
        }
        let feedback = FeedbackLog(folder: folder(of: snapshot)).entries().filter { $0.version == latest.version }
        let note = note?.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !feedback.isEmpty || !(note ?? "").isEmpty else {
            throw FolioError.badInput("no feedback on version \(latest.version) of \(snapshot.name): "
                + "give --note TEXT or run folio post feedback first")
        }
        // Praise alone asks for nothing: a new version would be the same post again.
        if feedback.allSatisfy({ $0.kind == .like && ($0.note ?? "").isEmpty }), (note ?? "").isEmpty {
            throw FolioError.badInput("version \(latest.version) of the post about \(snapshot.name) is liked and has no note: "
                + "nothing to revise (give --note TEXT, or feedback of another kind)")
        }
        var brief = latest.brief ?? PostBrief(hook: latest.hookType)
        var instructions = feedback.flatMap(\.instructions)
        if let note, !note.isEmpty { instructions.append("Reader's note: \(note)") }
        var seen = Set<String>()
        // Kept with the version as the record of what it acted on; the model never sees it.
        brief.feedback = instructions.filter { seen.insert($0).inserted }
        let revision = PostRevision.from(feedback, note: note, latest: latest)
        let written = try await write(snapshot, brief: brief, hook: nil, revising: latest.version, revision: revision,
                                      reuse: false)
        return (written.post, written.version)
    }
}
