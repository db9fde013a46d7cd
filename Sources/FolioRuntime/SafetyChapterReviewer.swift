import FolioBooks
import FolioCore
import FolioSafety
import Foundation

/// Checks each chapter of a book with the safety chain before it is saved: continuity against
/// the book's earlier chapters, and faithfulness to the sources when the book has some.
///
/// Without sources, a claim no earlier chapter states is a new event of the story, not an
/// error: only contradictions (a number, date or name an earlier near-identical sentence
/// states otherwise) fail, and the confidence is the share of claims not contradicted. With
/// sources, every unsupported claim fails and the confidence is the chain's.
///
/// Each earlier chapter and the sources are embedded once per run (an actor keeps them).
actor SafetyChapterReviewer: ChapterReviewer {
    private let makeParts: @Sendable () throws -> (SafetyChain, SafetyRewriter?)
    private var parts: (chain: SafetyChain, rewriter: SafetyRewriter?)?
    private let mode: BookSafetyMode
    private let sources: [SourceDocument]
    private var sourceIndex: EvidenceIndex?
    private var chapterIndexes: [String: (hash: String, index: EvidenceIndex)] = [:]

    /// A reviewer; `makeParts` builds the chain and (in `.rewrite` mode) the rewriter on the first
    /// chapter, so a book whose run fails before writing anything never loads them.
    init(mode: BookSafetyMode, sources: [SourceDocument],
         makeParts: @escaping @Sendable () throws -> (SafetyChain, SafetyRewriter?)) {
        self.makeParts = makeParts
        self.mode = mode
        self.sources = sources
    }

    func review(_ draft: ChapterDraft) async throws -> ChapterReview {
        let started = ContinuousClock.now
        if parts == nil { parts = try makeParts() }
        let (chain, rewriter) = parts!
        var indexes: [EvidenceIndex] = []
        var against: [String] = []
        for chapter in draft.earlierChapters { indexes.append(try await index(of: chapter, chain: chain)) }
        if !draft.earlierChapters.isEmpty { against.append("earlier-chapters") }
        if !sources.isEmpty {
            indexes.append(try await indexOfSources(chain: chain))
            against.append("sources")
        }
        let index = EvidenceIndex.combined(indexes, options: chain.options.evidence)
        let report = try await chain.check(text: draft.text, index: index)
        let checksSupport = !sources.isEmpty
        var result = RewriteResult(text: draft.text, changes: [], report: report)
        if mode == .rewrite, let rewriter {
            result = try await rewriter.apply(.rewrite, text: draft.text, report: report, index: index) {
                checksSupport || $0.label == .contradicted
            }
        }
        let seconds = (ContinuousClock.now - started).seconds
        let safety = Self.record(result.report, mode: mode, against: against, checksSupport: checksSupport,
                                 changes: result.changes, seconds: seconds)
        return ChapterReview(text: result.text, safety: safety, notices: Self.notices(safety, number: draft.number))
    }

    /// The index of an earlier chapter, embedded once per run (again only if its text changed).
    private func index(of chapter: ChapterDraft.EarlierChapter, chain: SafetyChain) async throws -> EvidenceIndex {
        let hash = ContentHash.of(chapter.text)
        if let known = chapterIndexes[chapter.file], known.hash == hash { return known.index }
        let document = SourceDocument(name: chapter.file, text: chapter.text)
        let index = try await EvidenceIndex.build(documents: [document], embedder: chain.embedder,
                                                  options: chain.options.evidence)
        chapterIndexes[chapter.file] = (hash, index)
        return index
    }

    private func indexOfSources(chain: SafetyChain) async throws -> EvidenceIndex {
        if let sourceIndex { return sourceIndex }
        let index = try await chain.index(of: sources)
        sourceIndex = index
        return index
    }

    /// What `book.json` keeps of a report.
    static func record(_ report: SafetyReport, mode: BookSafetyMode, against: [String], checksSupport: Bool,
                       changes: [RewriteResult.Change], seconds: Double) -> ChapterSafety {
        let contradicted = report.claims.filter { $0.label == .contradicted }
        let unsupported = report.claims.filter { $0.label == .unsupported }
        let blocked = report.policy.contains(where: \.blocking)
        let confidence: Double
        let isSafe: Bool
        if checksSupport {
            confidence = report.confidence
            isSafe = report.isSafe
        } else {
            let share = report.claims.isEmpty ? 1 : 1 - Double(contradicted.count) / Double(report.claims.count)
            confidence = blocked ? 0 : (share * 1000).rounded() / 1000
            isSafe = !blocked && contradicted.isEmpty
        }
        let failed = contradicted + (checksSupport ? unsupported : [])
        return ChapterSafety(
            mode: mode.rawValue, checkedAgainst: against, isSafe: isSafe, confidence: confidence,
            claims: report.claims.count, unsupported: unsupported.count, contradicted: contradicted.count,
            flagged: failed.map { claim in
                let best = claim.evidence.first
                return ChapterSafety.FlaggedClaim(
                    text: claim.text, line: claim.line, label: claim.label.rawValue, score: claim.score,
                    evidence: best.map { "\($0.file):\($0.firstLine)" + ($0.lastLine > $0.firstLine ? "-\($0.lastLine)" : "") },
                    evidenceText: claim.label == .contradicted ? claim.quote ?? best?.text : best?.text)
            },
            policy: report.policy.map {
                ChapterSafety.Finding(type: $0.type.rawValue, rule: $0.rule, text: $0.text, blocking: $0.blocking)
            },
            changes: changes.map { ChapterSafety.Change(kind: $0.kind.rawValue, original: $0.original, replacement: $0.replacement) },
            seconds: (seconds * 100).rounded() / 100)
    }

    /// One line for the user, and a warning per blocking finding.
    static func notices(_ safety: ChapterSafety, number: Int) -> [String] {
        let against = safety.checkedAgainst.isEmpty ? "nothing earlier" : safety.checkedAgainst.joined(separator: " and ")
        var line = "safety: chapter \(number) · \(safety.claims) claims · \(safety.contradicted) contradicted"
        if safety.checkedAgainst.contains("sources") { line += " · \(safety.unsupported) unsupported" }
        line += " · confidence " + String(format: "%.2f", safety.confidence) + " · checked against \(against)"
        var notices = [line]
        if !safety.changes.isEmpty {
            notices.append("safety: chapter \(number): \(safety.changes.count) sentence(s) rewritten, removed or redacted; "
                + "the saved chapter differs from the text shown (see book.json)")
        }
        for finding in safety.policy where finding.blocking {
            notices.append("warning: chapter \(number) holds \(finding.type) (\(finding.rule)): \(finding.text)")
        }
        return notices
    }
}
