import Foundation

/// One secret-detection rule, as stored in `secret-rules.json` (ported from gitleaks).
public struct SecretRule: Sendable, Codable {
    /// The rule's id, e.g. `aws-access-token`.
    public var id: String
    /// What it finds.
    public var description: String
    /// The pattern (ICU syntax, which accepts the RE2 patterns used here).
    public var regex: String
    /// Group holding the secret; nil: the first non-empty group, else the whole match.
    public var secretGroup: Int?
    /// Minimum Shannon entropy (bits per character) of the secret; 0 for none.
    public var entropy: Double
    /// Lower-case strings of which one must occur in the text for the rule to run.
    public var keywords: [String]
    /// A match of one of these is not a finding.
    public var allowRegexes: [String]
    /// A secret containing one of these (case-insensitive) is not a finding.
    public var stopWords: [String]
    /// The rule's published samples that must be found.
    public var truePositives: [String]
    /// The rule's published samples that must not be found.
    public var falsePositives: [String]
}

/// The bundled rule set and its attribution.
public struct SecretRuleSet: Sendable, Codable {
    /// Where the rules come from, and under which licence.
    public var attribution: String
    /// The rules.
    public var rules: [SecretRule]

    /// The rules bundled with Folio.
    public static func bundled() throws -> SecretRuleSet {
        guard let url = Bundle.module.url(forResource: "secret-rules", withExtension: "json") else {
            throw SafetyError.resource("secret-rules.json", "not found in the bundle")
        }
        do {
            return try JSONDecoder().decode(SecretRuleSet.self, from: Data(contentsOf: url))
        } catch {
            throw SafetyError.resource("secret-rules.json", "\(error)")
        }
    }
}
