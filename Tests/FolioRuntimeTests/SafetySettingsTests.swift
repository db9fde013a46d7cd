import FolioCore
@testable import FolioRuntime
import Foundation
import Testing

@Suite struct SafetySettingsTests {
    static func settings(_ environment: [String: String]) async throws -> Settings {
        try await Settings.load(environment: environment, configFile: CacheSettingsTests.emptyConfig)
    }

    @Test("SAFETY_* settings reach the chain's options; bad values are bad input")
    func options() async throws {
        let defaults = try await Self.settings([:])
        #expect(defaults.safety.judge == "auto" && defaults.safety.action == "report")
        let settings = try await Self.settings([
            "SAFETY_TOP_K": "3", "SAFETY_MIN_CONFIDENCE": "0.8", "SAFETY_BANNED_TERMS": "Acme, secret sauce ,",
            "SAFETY_ACTION": "Rewrite",
        ])
        let options = SafetyChain.Options(settings)
        #expect(options.evidencePerClaim == 3 && options.minimumConfidence == 0.8)
        #expect(options.policy.bannedTerms == ["Acme", "secret sauce"])
        try await FolioRuntime.with(settings) { runtime in #expect(runtime.safetyAction == .rewrite) }
        for (name, value) in [("SAFETY_JUDGE", "oracle"), ("SAFETY_ACTION", "shout"), ("SAFETY_MIN_CONFIDENCE", "2")] {
            await #expect(throws: FolioError.self) { _ = try await Self.settings([name: value]) }
        }
    }

    @Test("auto uses the model judge only with a hosted tier whose key is set")
    func autoJudge() async throws {
        let local = try await Self.settings(["FOLIO_PROVIDERS": "local"])
        try await FolioRuntime.with(local) { runtime in #expect(!runtime.safetyUsesModelJudge) }
        let keyless = try await Self.settings(["FOLIO_PROVIDERS": "openai,local"])
        try await FolioRuntime.with(keyless) { runtime in #expect(!runtime.safetyUsesModelJudge) }
        let hosted = try await Self.settings(["FOLIO_PROVIDERS": "openai,local", "OPENAI_API_KEY": "sk-test"])
        try await FolioRuntime.with(hosted) { runtime in #expect(runtime.safetyUsesModelJudge) }
        let forced = try await Self.settings(["SAFETY_JUDGE": "offline", "FOLIO_PROVIDERS": "openai", "OPENAI_API_KEY": "sk-test"])
        try await FolioRuntime.with(forced) { runtime in #expect(!runtime.safetyUsesModelJudge) }
    }
}
