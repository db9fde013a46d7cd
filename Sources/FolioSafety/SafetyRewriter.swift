import FolioProviders
import Foundation

/// Acts on the claims a `SafetyReport` found unsupported: rewrites them from their evidence
/// with the model (then re-checks), removes them, or marks them, and re-checks the whole text.
public struct SafetyRewriter: Sendable {
    /// The chain that checks the text before and after.
    public let chain: SafetyChain
    /// The model that rewrites (needed for `.rewrite` only).
    public let streamer: (any ChatStreamer)?
    /// Model name; nil for each tier's default.
    public let model: String?

    /// Creates a rewriter.
    public init(chain: SafetyChain, streamer: (any ChatStreamer)? = nil, model: String? = nil) {
        self.chain = chain
        self.streamer = streamer
        self.model = model
    }

    /// The mark put after an unsupported sentence by `.mark`.
    public static let mark = "[unverified]"
    /// What replaces a secret in the new text.
    public static let redaction = "[redacted secret]"

    /// Applies `action` to the unsupported claims of `report` (the check of `text` against `index`).
    ///
    /// `.rewrite` without a streamer behaves as `.remove`.
    public func apply(_ action: SafetyAction, text: String, report: SafetyReport,
                      index: EvidenceIndex) async throws -> RewriteResult {
        try await apply(action, text: text, report: report, index: index, only: { _ in true })
    }

    /// Applies `action` to the unsupported claims of `report` that `only` selects (a book's
    /// continuity check acts on contradicted claims alone: a new event is not an error).
    public func apply(_ action: SafetyAction, text: String, report: SafetyReport, index: EvidenceIndex,
                      only: (SafetyReport.ClaimResult) -> Bool) async throws -> RewriteResult {
        guard action != .report else { return RewriteResult(text: text, changes: [], report: report) }
        // What the report masks stays masked in the list of changes too.
        let masks = chain.policy.locate(text).filter { $0.finding.type != .bannedTerm }
            .map { (raw: String(text[$0.range]), masked: $0.finding.text) }
        func shown(_ sentence: String) -> String {
            masks.reduce(sentence) { $0.replacingOccurrences(of: $1.raw, with: $1.masked) }
        }
        // Act once per sentence, whichever of its clauses failed.
        var sentences: [(sentence: String, line: Int, evidence: [SafetyReport.EvidenceReference])] = []
        for result in report.unsupportedClaims where only(result) && !sentences.contains(where: { $0.sentence == result.sentence }) {
            sentences.append((result.sentence, result.line, result.evidence))
        }
        var newText = text
        var changes: [RewriteResult.Change] = []
        for item in sentences {
            try Task.checkCancellation()
            guard let range = Self.range(of: item.sentence, in: newText) else { continue }
            switch action {
            case .mark:
                newText.insert(contentsOf: " " + Self.mark, at: range.upperBound)
                changes.append(.init(kind: .marked, original: shown(item.sentence), replacement: shown(item.sentence) + " " + Self.mark,
                                     line: item.line))
            case .rewrite where streamer != nil:
                if let rewritten = try await rewrite(item.sentence, evidence: item.evidence, index: index) {
                    newText.replaceSubrange(range, with: rewritten)
                    changes.append(.init(kind: .rewritten, original: shown(item.sentence), replacement: rewritten, line: item.line))
                } else {
                    Self.remove(range, from: &newText)
                    changes.append(.init(kind: .removed, original: shown(item.sentence), replacement: nil, line: item.line))
                }
            default:
                Self.remove(range, from: &newText)
                changes.append(.init(kind: .removed, original: shown(item.sentence), replacement: nil, line: item.line))
            }
        }
        // A secret never survives into the new text.
        for (finding, range) in chain.policy.locate(newText).reversed() where finding.type == .secret {
            changes.append(.init(kind: .redacted, original: finding.text, replacement: Self.redaction, line: finding.line))
            newText.replaceSubrange(range, with: Self.redaction)
        }
        if changes.contains(where: { $0.kind == .removed }) { newText = Self.closingGaps(newText) }
        let after = try await chain.check(text: newText, index: index)
        return RewriteResult(text: newText, changes: changes, report: after)
    }

    /// A rewrite of `sentence` that its evidence supports, or nil.
    func rewrite(_ sentence: String, evidence: [SafetyReport.EvidenceReference], index: EvidenceIndex) async throws -> String? {
        guard let streamer, !evidence.isEmpty else { return nil }
        let document = evidence.map { "- \($0.text)" }.joined(separator: "\n")
        let request = ChatRequest(
            messages: [
                ChatMessage(.system, """
                    You correct sentences so that they state only what the evidence says. Keep the \
                    sentence's purpose and tone, use only facts from the evidence, and answer with the \
                    corrected sentence alone. If the evidence says nothing relevant, answer REMOVE.
                    """),
                ChatMessage(.user, "EVIDENCE:\n\(document)\n\nSENTENCE: \(sentence)"),
            ],
            model: model, maxTokens: 200, temperature: 0, purpose: "safety-rewrite")
        var answer = ""
        for try await event in streamer.stream(request) {
            if case .text(let text) = event { answer += text }
        }
        let candidate = answer.trimmingCharacters(in: .whitespacesAndNewlines)
            .trimmingCharacters(in: CharacterSet(charactersIn: "\"“”"))
        guard !candidate.isEmpty, !candidate.uppercased().hasPrefix("REMOVE"), !candidate.contains("\n\n") else { return nil }
        // A name the evidence spells otherwise ("Tidclip" for tidyclip) is wrong however well
        // the rest of the sentence is supported.
        let reference = ([sentence] + evidence.map(\.text)).joined(separator: "\n")
        guard Misspelling.words(in: candidate, against: reference).isEmpty else {
            await streamer.discard(request)
            return nil
        }
        // The rewrite must pass the same check as any other text.
        let check = try await chain.check(text: candidate, index: index)
        guard !check.claims.isEmpty, check.unsupportedClaims.isEmpty, !check.policy.contains(where: \.blocking) else {
            await streamer.discard(request)
            return nil
        }
        return candidate
    }

    /// Where `sentence` is in `text`, allowing any run of whitespace where it has a space (the
    /// splitter joins a sentence's lines with single spaces).
    static func range(of sentence: String, in text: String) -> Range<String.Index>? {
        let words = sentence.split(whereSeparator: \.isWhitespace).map { NSRegularExpression.escapedPattern(for: String($0)) }
        guard !words.isEmpty, let regex = try? NSRegularExpression(pattern: words.joined(separator: "\\s+")),
              let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) else { return nil }
        return Range(match.range, in: text)
    }

    /// `text` without the empty paragraphs a removed paragraph-long sentence leaves: runs of
    /// blank lines become one, and no blank line is left at either end.
    static func closingGaps(_ text: String) -> String {
        text.replacingOccurrences(of: #"\n[ \t]*(\n[ \t]*)+\n"#, with: "\n\n", options: .regularExpression)
            .trimmingCharacters(in: .newlines)
    }

    /// Removes `range` and the space that separated it from the next sentence.
    static func remove(_ range: Range<String.Index>, from text: inout String) {
        var upper = range.upperBound
        while upper < text.endIndex, text[upper] == " " { upper = text.index(after: upper) }
        text.removeSubrange(range.lowerBound..<upper)
    }
}
