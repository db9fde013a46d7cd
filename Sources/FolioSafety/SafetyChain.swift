import FolioRetrieval
import Foundation
import Logging

/// The hallucination and safety chain: claims → evidence → judge → policy → confidence.
///
///     let chain = try SafetyChain(embedder: MiniLMEmbedder())
///     let report = try await chain.check(text: post, sources: SourceDocument.load(path: "repo"))
///
/// Rewriting what the sources do not support is `SafetyRewriter`'s job.
public struct SafetyChain: Sendable {
    /// Tuning.
    public struct Options: Sendable, Equatable {
        /// Evidence passages kept per claim.
        public var evidencePerClaim: Int
        /// A report below this confidence is not safe.
        public var minimumConfidence: Double
        /// Claim extraction.
        public var claims: ClaimExtractor.Options
        /// Evidence search.
        public var evidence: EvidenceIndex.Options
        /// Policy checks.
        public var policy: PolicyChecker.Options
        /// Folder where the vectors of source documents are kept between runs (nil: not kept).
        public var vectorCache: URL?

        /// Creates options.
        public init(evidencePerClaim: Int = 5, minimumConfidence: Double = 0.5,
                    claims: ClaimExtractor.Options = .init(), evidence: EvidenceIndex.Options = .init(),
                    policy: PolicyChecker.Options = .init(), vectorCache: URL? = nil) {
            self.evidencePerClaim = evidencePerClaim
            self.minimumConfidence = minimumConfidence
            self.claims = claims
            self.evidence = evidence
            self.policy = policy
            self.vectorCache = vectorCache
        }
    }

    /// Tuning.
    public let options: Options
    /// Embeds claims and passages.
    public let embedder: any Embedder
    /// Decides each claim.
    public let judge: any ClaimJudge
    /// Checks policy.
    public let policy: PolicyChecker
    private let extractor: ClaimExtractor
    private let logger = Logger(label: "folio.safety")

    /// Creates a chain; `judge` defaults to the bundled offline judge.
    public init(embedder: any Embedder, judge: (any ClaimJudge)? = nil, options: Options = Options()) throws {
        self.options = options
        self.embedder = embedder
        self.judge = try judge ?? OfflineJudge()
        policy = try PolicyChecker(options: options.policy)
        extractor = ClaimExtractor(options: options.claims)
    }

    /// Checks `text` against `sources`.
    public func check(text: String, sources: [SourceDocument]) async throws -> SafetyReport {
        try await check(text: text, index: try await index(of: sources))
    }

    /// The evidence index of `sources`, its vectors kept in `options.vectorCache` when set.
    public func index(of sources: [SourceDocument]) async throws -> EvidenceIndex {
        try await EvidenceIndex.build(documents: sources, embedder: embedder, options: options.evidence,
                                      cacheDirectory: options.vectorCache)
    }

    /// Checks `text` against an index built once (for many texts against the same sources).
    public func check(text: String, index: EvidenceIndex) async throws -> SafetyReport {
        let claims = extractor.claims(in: text)
        // Against no passages a claim finds no evidence, vector or not: a book's first chapter
        // (nothing earlier, no sources) embeds none.
        let vectors = claims.isEmpty || index.passages.isEmpty
            ? Array(repeating: [], count: claims.count) : try await embedder.embed(claims.map(\.text))
        // The passages every claim needs, embedded in one batch.
        try await index.prepare(claims: claims.map(\.text))
        var results: [SafetyReport.ClaimResult] = []
        for (claim, vector) in zip(claims, vectors) {
            try Task.checkCancellation()
            let evidence = try await index.search(claim.text, vector: vector, limit: options.evidencePerClaim)
            let judgement = try await judge.judge(claim, evidence: evidence, in: index)
            results.append(SafetyReport.ClaimResult(claim: claim, judgement: judgement, evidence: evidence))
        }
        let located = policy.locate(text)
        // A report never repeats a secret or a personal datum, not even inside a claim.
        for (finding, range) in located where finding.type != .bannedTerm {
            let raw = String(text[range])
            for index in results.indices {
                results[index].text = results[index].text.replacingOccurrences(of: raw, with: finding.text)
                results[index].quote = results[index].quote?.replacingOccurrences(of: raw, with: finding.text)
            }
        }
        let findings = located.map(\.finding)
        let report = SafetyReport(claims: results, policy: findings, minimumConfidence: options.minimumConfidence)
        logger.info("safety check", metadata: [
            "claims": "\(results.count)", "unsupported": "\(report.unsupportedClaims.count)",
            "policy": "\(findings.count)", "confidence": "\(report.confidence)",
        ])
        return report
    }
}
