/// The text after the chain acted on its unsupported claims, what changed, and the new report.
public struct RewriteResult: Sendable, Equatable, Codable {
    /// One change to the text.
    public struct Change: Sendable, Equatable, Codable {
        /// What was done to the sentence.
        public enum Kind: String, Sendable, Equatable, Codable {
            /// Replaced by a version its evidence supports.
            case rewritten
            /// Taken out.
            case removed
            /// Followed by an `[unverified]` mark.
            case marked
            /// A secret replaced by `[redacted secret]` (`original` is the masked secret).
            case redacted
        }

        /// What was done.
        public var kind: Kind
        /// The sentence before.
        public var original: String
        /// The sentence after (nil when removed).
        public var replacement: String?
        /// Line of the original text the sentence was on.
        public var line: Int

        /// Creates a change.
        public init(kind: Kind, original: String, replacement: String?, line: Int) {
            self.kind = kind
            self.original = original
            self.replacement = replacement
            self.line = line
        }
    }

    /// The text after the changes.
    public var text: String
    /// The changes, in order of the text.
    public var changes: [Change]
    /// The check of the new text.
    public var report: SafetyReport

    /// Creates a result.
    public init(text: String, changes: [Change], report: SafetyReport) {
        self.text = text
        self.changes = changes
        self.report = report
    }
}
