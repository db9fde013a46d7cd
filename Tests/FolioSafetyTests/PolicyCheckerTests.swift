import Testing
@testable import FolioSafety

@Suite struct PolicyCheckerTests {
    @Test("Luhn: valid card numbers pass, one wrong digit fails")
    func luhn() {
        #expect(PersonalDataScanner.isValidCard("4111 1111 1111 1111"))
        #expect(PersonalDataScanner.isValidCard("5500-0000-0000-0004"))
        #expect(!PersonalDataScanner.isValidCard("4111 1111 1111 1112"))
        #expect(!PersonalDataScanner.isValidCard("0000 0000 0000 0000"))
    }

    @Test("IBAN mod-97: valid IBANs pass, a changed digit fails")
    func iban() {
        #expect(PersonalDataScanner.isValidIBAN("GB82 WEST 1234 5698 7654 32"))
        #expect(PersonalDataScanner.isValidIBAN("DE89370400440532013000"))
        #expect(!PersonalDataScanner.isValidIBAN("GB82 WEST 1234 5698 7654 33"))
    }

    @Test("emails, phones, cards and IBANs are found and masked; dates, versions and prices are not")
    func personalData() throws {
        let checker = try PolicyChecker()
        let text = """
            Write to jane.doe@example.org or call +44 20 7946 0958.
            Card 4111 1111 1111 1111, account DE89 3704 0044 0532 0130 00.
            Released on 2024-01-15 as version 1.2.3 for $1,299.99, with 4111 1111 1111 1112 as a test.
            """
        let findings = checker.check(text)
        #expect(findings.map(\.rule) == ["email", "phone-number", "card-number", "iban"])
        #expect(findings.allSatisfy { $0.type == .personalData && $0.blocking })
        #expect(!findings.contains { $0.text.contains("jane.doe") || $0.text.contains("1111 1111") })
        #expect(findings.map(\.line) == [1, 1, 2, 2])
    }

    @Test("a secret always blocks and is never repeated whole; banned terms follow their setting")
    func secretsAndBannedTerms() throws {
        let key = "ghp_" + "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3z5A"
        let checker = try PolicyChecker(options: .init(bannedTerms: ["Acme Corp"], bannedTermsBlock: false))
        let findings = checker.check("Set GITHUB_TOKEN=\(key) before you run it.\nWe beat acme corp easily.")
        #expect(findings.map(\.rule) == ["github-pat", "banned-term"])
        #expect(findings[0].type == .secret && findings[0].blocking)
        #expect(!findings[0].text.contains(key))
        #expect(findings[1].line == 2 && !findings[1].blocking)
    }
}
