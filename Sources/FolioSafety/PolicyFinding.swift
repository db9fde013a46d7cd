/// A policy problem found in text: a secret, personal data or a banned term.
public struct PolicyFinding: Sendable, Equatable, Codable {
    /// What kind of problem.
    public enum Kind: String, Sendable, Equatable, Codable {
        /// A credential (API key, token, private key) or a high-entropy string that looks like one.
        case secret
        /// An email address, phone number, payment card number or IBAN.
        case personalData = "personal-data"
        /// A term on the configured banned list.
        case bannedTerm = "banned-term"
    }

    /// What kind of problem.
    public var type: Kind
    /// The rule that found it, e.g. `github-pat`, `email`, `card-number`.
    public var rule: String
    /// The text found, masked so that no secret or personal datum is repeated in a report.
    public var text: String
    /// Line of the checked text (1-based).
    public var line: Int
    /// Whether the finding stops the text from being published.
    public var blocking: Bool

    /// Creates a finding.
    public init(type: Kind, rule: String, text: String, line: Int, blocking: Bool) {
        self.type = type
        self.rule = rule
        self.text = text
        self.line = line
        self.blocking = blocking
    }

    /// `value` with its middle hidden: enough to find it, not enough to use it.
    public static func mask(_ value: String) -> String {
        let characters = Array(value)
        guard characters.count > 8 else { return String(repeating: "*", count: characters.count) }
        let shown = min(4, characters.count / 5)
        return String(characters.prefix(shown)) + "…[\(characters.count - 2 * shown) hidden]…" + String(characters.suffix(shown))
    }
}
