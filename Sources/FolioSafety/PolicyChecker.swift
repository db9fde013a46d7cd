import Foundation

/// Checks text against policy: secrets (always blocking), personal data and banned terms.
public struct PolicyChecker: Sendable {
    /// Tuning.
    public struct Options: Sendable, Equatable {
        /// Terms that must not appear (matched case-insensitively, as whole words).
        public var bannedTerms: [String]
        /// Whether a banned term stops publication (otherwise it is reported only).
        public var bannedTermsBlock: Bool
        /// Whether personal data stops publication (otherwise it is reported only).
        public var personalDataBlocks: Bool
        /// The generic high-entropy token check, or nil for the named rules only.
        public var entropyCheck: SecretScanner.EntropyCheck?

        /// Creates options.
        public init(bannedTerms: [String] = [], bannedTermsBlock: Bool = true, personalDataBlocks: Bool = true,
                    entropyCheck: SecretScanner.EntropyCheck? = SecretScanner.EntropyCheck()) {
            self.bannedTerms = bannedTerms
            self.bannedTermsBlock = bannedTermsBlock
            self.personalDataBlocks = personalDataBlocks
            self.entropyCheck = entropyCheck
        }
    }

    /// Tuning.
    public let options: Options
    private let secrets: SecretScanner
    private let personalData = PersonalDataScanner()

    /// Creates a checker with the bundled secret rules.
    public init(options: Options = Options()) throws {
        self.options = options
        secrets = try SecretScanner(entropyCheck: options.entropyCheck)
    }

    /// Every finding in `text`, in order of position.
    public func check(_ text: String) -> [PolicyFinding] {
        locate(text).map(\.finding)
    }

    /// Every finding in `text` with its range, so a caller can redact it.
    public func locate(_ text: String) -> [(finding: PolicyFinding, range: Range<String.Index>)] {
        var findings: [(Range<String.Index>, PolicyFinding)] = []
        for secret in secrets.secrets(in: text) {
            findings.append((secret.range, PolicyFinding(
                type: .secret, rule: secret.rule, text: PolicyFinding.mask(secret.secret),
                line: Self.line(of: secret.range.lowerBound, in: text), blocking: true)))
        }
        for datum in personalData.findings(in: text) where !findings.contains(where: { $0.0.overlaps(datum.range) }) {
            findings.append((datum.range, PolicyFinding(
                type: .personalData, rule: datum.rule, text: PolicyFinding.mask(datum.value),
                line: Self.line(of: datum.range.lowerBound, in: text), blocking: options.personalDataBlocks)))
        }
        for term in options.bannedTerms where !term.trimmingCharacters(in: .whitespaces).isEmpty {
            let pattern = "(?i)(?<![\\p{L}\\p{N}])" + NSRegularExpression.escapedPattern(for: term) + "(?![\\p{L}\\p{N}])"
            guard let regex = try? NSRegularExpression(pattern: pattern) else { continue }
            for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                guard let range = Range(match.range, in: text) else { continue }
                findings.append((range, PolicyFinding(
                    type: .bannedTerm, rule: "banned-term", text: String(text[range]),
                    line: Self.line(of: range.lowerBound, in: text), blocking: options.bannedTermsBlock)))
            }
        }
        return findings.sorted { $0.0.lowerBound < $1.0.lowerBound }.map { (finding: $0.1, range: $0.0) }
    }

    /// The 1-based line number of `index`.
    static func line(of index: String.Index, in text: String) -> Int {
        text[..<index].reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
    }
}
