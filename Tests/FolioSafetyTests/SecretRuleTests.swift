import FolioTesting
import Testing
@testable import FolioSafety

/// Every ported rule against its own published samples.
@Suite struct SecretRuleTests {
    static let rules = try! SecretRuleSet.bundled()
    static let scanner = try! SecretScanner(ruleSet: rules, entropyCheck: nil)

    @Test("the rule set names its source and licence")
    func attribution() {
        #expect(Self.rules.attribution.contains("gitleaks"))
        #expect(Self.rules.attribution.contains("MIT"))
        #expect(Self.rules.rules.count >= 80)
    }

    @Test("each rule finds all of its own true samples", arguments: rules.rules.map(\.id))
    func truePositives(id: String) {
        let rule = Self.rules.rules.first { $0.id == id }!
        // Seeded: a secret drawn at random may fall below the rule's entropy floor, and a test
        // must not fail one run in a few hundred.
        var generator = SeededGenerator(seed: 1)
        #expect(!rule.truePositives.isEmpty)
        for sample in rule.truePositives {
            for _ in 0..<5 {  // generated samples differ on every expansion, and are the same every run
                let text = SampleSecret.expand(sample, using: &generator)
                #expect(Self.scanner.secrets(in: text).contains { $0.rule == id }, "\(id) missed \(text)")
            }
        }
    }

    @Test("no rule flags any of its own false samples", arguments: rules.rules.map(\.id))
    func falsePositives(id: String) {
        let rule = Self.rules.rules.first { $0.id == id }!
        var generator = SeededGenerator(seed: 1)
        for sample in rule.falsePositives {
            for _ in 0..<(sample.contains("${") ? 5 : 1) {  // some false samples are generated too
                let text = SampleSecret.expand(sample, using: &generator)
                #expect(!Self.scanner.secrets(in: text).contains { $0.rule == id }, "\(id) flagged \(text)")
            }
        }
    }

    @Test("the entropy check flags a random token no rule names, not hex digests or prose")
    func entropy() throws {
        let scanner = try SecretScanner()
        let token = "Zq8vN3xLr7TbW2kPm9YhC4dFs6JgQ1aE"
        #expect(scanner.secrets(in: "use the token \(token) to log in").map(\.rule) == ["high-entropy-string"])
        #expect(scanner.secrets(in: "commit 3f786850e387550fdab836ed7e6dc881de23001b fixed it").isEmpty)
        #expect(scanner.secrets(in: "Internationalization-and-localization-considerations matter.").isEmpty)
        #expect(SecretScanner.entropy("aaaa") == 0)
        #expect(abs(SecretScanner.entropy("ab") - 1) < 1e-9)
    }
}
