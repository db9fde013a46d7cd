import Foundation
import Testing
@testable import FolioCore
import FolioTesting

@Suite struct SettingsTests {
    @Test func builtInDefaultsApplyWithNothingSet() async throws {
        let settings = try await Settings.load(environment: [:], configFile: nil)
        #expect(settings.tiers == [.local])
        #expect(settings.books.chapters == 10)
        #expect(settings.books.directory == "books")
        #expect(settings.hosted[.openai]?.endpoint.apiKey == nil)
    }

    /// The shipped `config.env` says it shows the built-in defaults; a line left behind when a
    /// default moves (the bundled model's file, say) would quietly override it for every run
    /// started in the repository.
    @Test func theShippedConfigFileHoldsTheBuiltInDefaults() async throws {
        let file = FolioBinary.packageRoot.appendingPathComponent("config.env").path
        let shipped = try await Settings.load(environment: [:], configFile: file)
        // An empty file, not `nil`: `nil` reads the working folder's config.env, this one.
        let builtIn = try await withTemporaryDirectory { directory in
            let empty = directory.appending("empty.env")
            try "".write(toFile: empty, atomically: true, encoding: .utf8)
            return try await Settings.load(environment: [:], configFile: empty)
        }
        let shippedLines = Self.dumpedLines(shipped), builtInLines = Self.dumpedLines(builtIn)
        let differing = Set(shippedLines).symmetricDifference(builtInLines)
        #expect(differing.isEmpty, "config.env differs from the defaults: \(differing.sorted().prefix(4))")
        #expect(shippedLines.count == builtInLines.count)
    }

    /// `settings` dumped, one line per value, sorted (a dictionary's entries come out in any
    /// order), without the cache's lifetimes: those the file spells out are the cache's own
    /// defaults, which Settings leaves to it.
    private static func dumpedLines(_ settings: Settings) -> [Substring] {
        var text = ""
        dump(settings, to: &text)
        var lines: [Substring] = []
        var skippingDeeperThan: Int?
        for line in text.split(separator: "\n") {
            let indent = line.prefix { $0 == " " }.count
            if let depth = skippingDeeperThan, indent > depth { continue }
            skippingDeeperThan = line.contains("ttlSeconds:") ? indent : nil
            if skippingDeeperThan == nil { lines.append(line) }
        }
        return lines.sorted()
    }

    @Test func theLocalServerAnswersFourRequestsSideBySideUnlessToldOtherwise() async throws {
        #expect(try await Settings.load(environment: [:], configFile: nil).local.slots == 4)
        #expect(try await Settings.load(environment: ["LOCAL_SLOTS": "1"], configFile: nil).local.slots == 1)
        await #expect(throws: FolioError.self) {
            _ = try await Settings.load(environment: ["LOCAL_SLOTS": "0"], configFile: nil)
        }
    }

    @Test func flagBeatsEnvironmentBeatsFileBeatsDefault() async throws {
        try await withTemporaryDirectory { directory in
            let file = directory.appending("config.env")
            try """
                # comment
                BOOK_CHAPTERS=4
                WORDS_PER_CHAPTER=300
                BOOK_LANGUAGE="French"   
                export TEMPERATURE=0.2 # trailing comment
                """.write(toFile: file, atomically: true, encoding: .utf8)
            let settings = try await Settings.load(
                overrides: ["BOOK_CHAPTERS": "7"],
                environment: ["BOOK_CHAPTERS": "5", "WORDS_PER_CHAPTER": "350"],
                configFile: file)
            #expect(settings.books.chapters == 7)          // flag
            #expect(settings.books.wordsPerChapter == 350)  // environment over file
            #expect(settings.books.language == "French")   // file, quotes removed
            #expect(settings.books.temperature == 0.2)     // file, export and comment handled
            #expect(settings.books.outlineRepairAttempts == 2)  // default
        }
    }

    @Test func providerListIsParsedAndKeysAreSecret() async throws {
        let settings = try await Settings.load(
            environment: ["FOLIO_PROVIDERS": " OpenAI , local ", "OPENAI_API_KEY": "sk-test-123"], configFile: nil)
        #expect(settings.tiers == [.openai, .local])
        let key = try #require(settings.hosted[.openai]?.endpoint.apiKey)
        #expect(key.value == "sk-test-123")
        #expect("\(key)" == "<redacted>")
        #expect(!String(describing: settings).contains("sk-test-123"))
    }

    @Test func bookSeedIsUnsetByDefaultAndReadAsANumber() async throws {
        #expect(try await Settings.load(environment: [:], configFile: nil).books.seed == nil)
        #expect(try await Settings.load(environment: ["BOOK_SEED": "7"], configFile: nil).books.seed == 7)
        await #expect(throws: FolioError.badInput("BOOK_SEED must be a whole number from 0 to 2000000000; got '-1'")) {
            _ = try await Settings.load(environment: ["BOOK_SEED": "-1"], configFile: nil)
        }
    }

    @Test func theBookKindIsReadFromTitleAndInstructionsUnlessChosen() async throws {
        #expect(try await Settings.load(environment: [:], configFile: nil).books.kind == nil)
        #expect(try await Settings.load(environment: ["BOOK_KIND": "auto"], configFile: nil).books.kind == nil)
        #expect(try await Settings.load(environment: ["BOOK_KIND": "Guide"], configFile: nil).books.kind == "guide")
        await #expect(throws: FolioError.badInput("BOOK_KIND must be auto, fiction or guide; got 'poem'")) {
            _ = try await Settings.load(environment: ["BOOK_KIND": "poem"], configFile: nil)
        }
    }

    @Test func badValuesGiveOneLineBadInputErrors() async throws {
        await #expect(throws: FolioError.badInput("BOOK_CHAPTERS must be a whole number from 1 to 200; got 'many'")) {
            _ = try await Settings.load(environment: ["BOOK_CHAPTERS": "many"], configFile: nil)
        }
        await #expect(throws: FolioError.badInput("config file not found: /nonexistent/config.env")) {
            _ = try await Settings.load(environment: [:], configFile: "/nonexistent/config.env")
        }
        do {
            _ = try await Settings.load(environment: ["LOG_LEVEL": "loud"], configFile: nil)
            Issue.record("an unknown log level was accepted")
        } catch let error as FolioError {
            #expect(error.category == .badInput)
            #expect(!error.message.contains("\n"))
        }
    }

    @Test(arguments: [("openai,nope", "unknown provider 'nope'; choose from openai, anthropic, gemini, groq, openrouter, ollama, local, openai-compatible"),
                      ("local,LOCAL", "provider 'local' is listed twice"), (" , ", "no provider tier given")])
    func badProviderListsAreRejectedWhenSettingsAreRead(_ list: String, _ message: String) async throws {
        await #expect(throws: FolioError.badInput(message)) {
            _ = try await Settings.load(environment: ["FOLIO_PROVIDERS": list], configFile: nil)
        }
    }

    @Test func typedChoicesAreParsed() async throws {
        let settings = try await Settings.load(
            environment: ["CACHE_BACKEND": "Redis", "RAG_MODE": "FULL", "EMBEDDING_PROVIDER": "ollama"], configFile: nil)
        #expect(settings.cache.backend == .redis)
        #expect(settings.retrieval.mode == .full)
        #expect(settings.retrieval.embeddingProvider == .ollama)
        let native = try await Settings.load(environment: ["EMBEDDING_PROVIDER": "native"], configFile: nil)
        #expect(native.retrieval.embeddingProvider == nil)
    }

    @Test func malformedConfigLineNamesTheLine() async throws {
        try await withTemporaryDirectory { directory in
            let file = directory.appending("config.env")
            try "BOOKS_DIR=x\nthis is not a setting\n".write(toFile: file, atomically: true, encoding: .utf8)
            await #expect(throws: FolioError.badInput("\(file):2: expected NAME=value")) {
                _ = try await Settings.load(environment: [:], configFile: file)
            }
        }
    }
}

/// Callers tell failures apart by kind; the kind decides the exit code's category.
@Suite struct FolioErrorKindTests {
    @Test func kindsAreMatchableAndKeepTheirCategory() async throws {
        do {
            _ = try await Settings.load(environment: ["FOLIO_PROVIDERS": "openai,nope"], configFile: nil)
            Issue.record("an unknown provider was accepted")
        } catch let error as FolioError where error.kind == .unknownProvider {
            #expect(error.category == .badInput)
            #expect(error == .badInput(error.message))  // still the bad input it is
            #expect(error.kind != .badInput)
        }
        #expect(FolioError(.everyTierFailed, "x").category == .runtime)
        #expect(FolioError(.noUsableProvider, "x").category == .badInput)
        #expect(FolioError(.modelNotInstalled, "x").category == .badInput)
    }
}
