/// The whole chain run on one text: the check as written, and the text after the action taken
/// on its unsupported claims (the same text and report when the action is `report`).
public struct SafetyCheck: Sendable, Equatable {
    /// The check of the text as given.
    public var report: SafetyReport
    /// The text after the action, what changed and its own check.
    public var result: RewriteResult
    /// The action taken.
    public var action: SafetyAction

    /// Creates a check.
    public init(report: SafetyReport, result: RewriteResult, action: SafetyAction) {
        self.report = report
        self.result = result
        self.action = action
    }

    /// The text to publish: the rewritten one after `rewrite`, `remove` or `mark`, else the text as given.
    public var text: String { result.text }
    /// The check of `text`.
    public var finalReport: SafetyReport { result.report }
}

extension SafetyRewriter {
    /// Checks `text` against `sources` and applies `action` to what they do not support: the one
    /// call for "check this text against these source documents".
    ///
    ///     let check = try await rewriter.check(text: post, sources: SourceDocument.load(path: repo), action: .rewrite)
    ///     if !check.finalReport.isSafe { … }
    public func check(text: String, sources: [SourceDocument], action: SafetyAction) async throws -> SafetyCheck {
        return try await check(text: text, index: try await chain.index(of: sources), action: action)
    }

    /// The same against an index built once (many texts against the same sources).
    public func check(text: String, index: EvidenceIndex, action: SafetyAction) async throws -> SafetyCheck {
        let report = try await chain.check(text: text, index: index)
        let result = try await apply(action, text: text, report: report, index: index)
        return SafetyCheck(report: report, result: result, action: action)
    }
}
