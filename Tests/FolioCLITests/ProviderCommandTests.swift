import Foundation
import FolioTesting
import Synchronization
import Testing

/// `folio stream`, `folio generate` and `folio providers` against every provider format,
/// served by a loopback fake speaking each one's documented wire format.
@Suite("Provider commands")
struct ProviderCommandTests {
    static let key = "sk-cli-secret-7f6e5d4c3b2a1908"
    // Long enough for a 40-word chapter (under 60 % of its target a chapter is continued).
    static let streamed = ["The lamp ", "turned; ", "the café ", "slept ☕.", " Gulls wheeled over the harbour wall ",
                           "while the tide crept up the shingle, and far out a single boat rode home under a copper sky."]
    /// What the model streams for a second chapter.
    static let secondChapter = ["Rain drummed on the lantern glass all night. ",
                                "She wrote letters to nobody, sealed each in a green bottle, ",
                                "and watched the grey water swallow them one by one without a sound."]

    /// Keys for every hosted tier, and base URLs pointing at `server`.
    static func environment(_ server: LoopbackServer, _ extra: [String: String] = [:]) -> [String: String] {
        var environment = [
            "OPENAI_API_KEY": key, "ANTHROPIC_API_KEY": key, "GEMINI_API_KEY": key, "GROQ_API_KEY": key,
            "OPENROUTER_API_KEY": key,
            "OPENAI_BASE_URL": server.baseURL + "/v1", "GROQ_BASE_URL": server.baseURL + "/v1",
            "OPENROUTER_BASE_URL": server.baseURL + "/v1", "OPENAI_COMPATIBLE_BASE_URL": server.baseURL + "/v1",
            "ANTHROPIC_BASE_URL": server.baseURL, "GEMINI_BASE_URL": server.baseURL, "OLLAMA_HOST": server.baseURL,
            "CACHE_BACKEND": "memory", "RETRY_BASE_DELAY_SECONDS": "0.01", "LOG_LEVEL": "debug",
        ]
        for (name, value) in extra { environment[name] = value }
        return environment
    }

    /// Answers a chat call in the format its path names: an outline as JSON when asked for
    /// one, prose otherwise; model lists for the health probes.
    static func answer(_ request: LoopbackRequest) -> [LoopbackAction] {
        if request.method == "GET" {
            return LoopbackAction.reply(body: #"{"data":[{"id":"m"}],"models":[{"name":"m"}]}"#)
        }
        guard let format = ProviderWire.format(ofPath: request.path) else {
            return LoopbackAction.reply(status: 404, body: #"{"error":{"message":"no such path"}}"#)
        }
        // A second chapter of its own: the same text twice would be refused as a copy.
        var pieces = chapterAsked(request.bodyText) == 2 ? secondChapter : streamed
        if request.bodyText.contains("Plan a book titled") {
            let outline = #"{"summary": "A keeper and a lamp.", "chapters": [{"title": "The Lamp", "summary": "The keeper lights the lamp at dusk."}, {"title": "The Storm", "summary": "A storm tests the keeper and the light."}]}"#
            pieces = [String(outline.prefix(40)), String(outline.dropFirst(40))]
        }
        return [.head(status: 200, headers: ["Content-Type": ProviderWire.contentType(format)])]
            + ProviderWire.stream(format, pieces: pieces).map { .send($0) } + [.end]
    }

    /// The chapter a chat request asks the model to write, read from the chapter prompt's task
    /// line (the opening, or the continuation; the books of these tests have two chapters).
    static func chapterAsked(_ body: String) -> Int? {
        if body.contains("Write this opening of the book") { return 1 }
        if body.contains("Continue from there. Next,") { return 2 }
        return nil
    }

    static let tiers = ["openai", "anthropic", "gemini", "groq", "openrouter", "ollama", "openai-compatible"]

    @Test(arguments: tiers)
    func streamWorksAgainstEveryProviderFormat(_ tier: String) async throws {
        try await withTemporaryDirectory { directory in
            try await withLoopbackServer(Self.answer) { server in
                let result = try await FolioBinary.run(
                    ["stream", "--provider", tier, "--max-tokens", "40", "Describe the lamp."],
                    in: directory, environment: Self.environment(server), timeout: 60)
                #expect(result.code == 0, "stderr: \(result.stderr)")
                #expect(result.stdout == Self.streamed.joined() + "\n")
                #expect(!result.stderr.contains(Self.key) && !result.stdout.contains(Self.key))
                #expect(server.requests.count == 1)
            }
        }
    }

    @Test(arguments: ["anthropic", "gemini", "ollama"])
    func baseURLFlagAppliesToTheFirstTier(_ tier: String) async throws {
        try await withTemporaryDirectory { directory in
            try await withLoopbackServer(Self.answer) { server in
                var environment = Self.environment(server)
                for name in ["ANTHROPIC_BASE_URL", "GEMINI_BASE_URL", "OLLAMA_HOST"] { environment[name] = "http://127.0.0.1:9" }
                let result = try await FolioBinary.run(
                    ["stream", "--provider", tier, "--base-url", server.baseURL, "Hello"],
                    in: directory, environment: environment, timeout: 60)
                #expect(result.code == 0, "stderr: \(result.stderr)")
                #expect(result.stdout == Self.streamed.joined() + "\n")
            }
        }
    }

    @Test(arguments: ["openai", "anthropic", "gemini", "ollama"])
    func generateWritesABookWithEveryProviderFormat(_ tier: String) async throws {
        try await withTemporaryDirectory { directory in
            try await withLoopbackServer(Self.answer) { server in
                let books = directory.appending("books")
                let result = try await FolioBinary.run(
                    ["generate", "--provider", tier, "--title", "The Keeper", "--instructions", "A calm story.",
                     "--chapters", "2", "--words-per-chapter", "40", "--books-dir", books],
                    in: directory, environment: Self.environment(server), timeout: 120)
                #expect(result.code == 0, "stderr: \(result.stderr)")
                let data = try Data(contentsOf: URL(fileURLWithPath: books + "/the-keeper/book.json"))
                let book = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
                let chapters = try #require(book["chapters"] as? [[String: Any]])
                #expect(chapters.map { $0["status"] as? String } == ["complete", "complete"])
                #expect(chapters.allSatisfy { $0["provider"] as? String == tier })
                #expect(result.stdout.contains(Self.streamed.joined()))
                #expect(!result.stderr.contains(Self.key) && !result.stdout.contains(Self.key))
                #expect(!String(decoding: data, as: UTF8.self).contains(Self.key))
            }
        }
    }

    @Test func aRejectedKeyFallsThroughNamesTheVariableAndNeverLeaks() async throws {
        try await withTemporaryDirectory { directory in
            try await withLoopbackServer({ request in
                ProviderWire.format(ofPath: request.path) == .anthropic
                    ? LoopbackAction.reply(status: 401, body: ProviderWire.errorBody(
                        .anthropic, status: 401, message: "invalid x-api-key \(Self.key)", type: "authentication_error"))
                    : Self.answer(request)
            }) { server in
                let result = try await FolioBinary.run(
                    ["stream", "--provider", "anthropic,gemini", "Hello"],
                    in: directory, environment: Self.environment(server), timeout: 60)
                #expect(result.code == 0, "stderr: \(result.stderr)")
                #expect(result.stdout == Self.streamed.joined() + "\n")
                #expect(result.stderr.contains("check ANTHROPIC_API_KEY"))
                #expect(!result.stderr.contains(Self.key) && !result.stdout.contains(Self.key))
            }
        }
    }

    @Test func whenEveryTierFailsItExitsOneWithALinePerTierAndNoKey() async throws {
        try await withTemporaryDirectory { directory in
            try await withLoopbackServer({ request in
                let format = ProviderWire.format(ofPath: request.path) ?? .openAI
                return LoopbackAction.reply(status: 500, body: ProviderWire.errorBody(
                    format, status: 500, message: "internal error for \(Self.key)", type: "server_error"))
            }) { server in
                let result = try await FolioBinary.run(
                    ["stream", "--provider", "openai,anthropic,ollama", "Hello"],
                    in: directory, environment: Self.environment(server, ["RETRY_MAX": "1"]), timeout: 60)
                #expect(result.code == 1)
                #expect(result.stdout.isEmpty)
                #expect(result.stderr.contains("every provider tier failed:"))
                for tier in ["openai", "anthropic", "ollama"] {
                    #expect(result.stderr.contains("  \(tier): HTTP 500: internal error"), "\(tier) line missing: \(result.stderr)")
                }
                #expect(!result.stderr.contains(Self.key))
                #expect(server.requests.count == 6)  // one retry per tier
            }
        }
    }

    @Test func aTierWithoutItsKeyIsBadInputNamingTheVariable() async throws {
        try await withTemporaryDirectory { directory in
            let result = try await FolioBinary.run(
                ["stream", "--provider", "anthropic", "Hello"], in: directory,
                environment: ["ANTHROPIC_API_KEY": "", "CACHE_BACKEND": "memory"], timeout: 60)
            #expect(result.code == 2)
            #expect(result.stdout.isEmpty)
            #expect(result.stderr == "folio: no usable provider tier: anthropic (ANTHROPIC_API_KEY is not set)\n")
        }
    }

    @Test func providersReportsHealthAsJSON() async throws {
        try await withTemporaryDirectory { directory in
            try await withLoopbackServer(Self.answer) { server in
                var environment = Self.environment(server)
                environment["GROQ_API_KEY"] = nil
                environment["OPENROUTER_BASE_URL"] = "http://127.0.0.1:9/v1"
                environment["LOCAL_BASE_URL"] = server.baseURL + "/v1"
                let result = try await FolioBinary.run(
                    ["providers", "--json", "--provider", "openai,anthropic,gemini,ollama,groq,openrouter,local"],
                    in: directory, environment: environment.merging(["GROQ_API_KEY": ""]) { $1 }, timeout: 60)
                #expect(result.code == 0, "stderr: \(result.stderr)")
                let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
                let report = try #require(json["providers"] as? [[String: Any]])
                #expect(report.map { $0["name"] as? String } == ["openai", "anthropic", "gemini", "ollama", "groq", "openrouter", "local"])
                for entry in report.prefix(4) + [report[6]] {
                    #expect(entry["reachable"] as? Bool == true)
                    #expect(entry["status"] as? Int == 200)
                    #expect(entry["circuit"] as? String == "closed")
                    #expect((entry["latency_ms"] as? Double ?? -1) >= 0)
                }
                #expect(report[4]["configured"] as? Bool == false)
                #expect(report[4]["detail"] as? String == "GROQ_API_KEY is not set")
                #expect(report[5]["reachable"] as? Bool == false)
                #expect(server.requests.map(\.path).sorted() == ["/api/tags", "/health", "/v1/models", "/v1/models", "/v1beta/models"])
                #expect(server.requests.allSatisfy { $0.method == "GET" })
                #expect(!result.stdout.contains(Self.key) && !result.stderr.contains(Self.key))
            }
        }
    }

    static func json(_ path: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func aBookSurvivesATierKilledMidChapterWithSeamlessText() async throws {
        try await withTemporaryDirectory { directory in
            let killed = Counter()
            try await withLoopbackServer({ request in
                if ProviderWire.format(ofPath: request.path) == .anthropic {
                    return Self.answer(request)  // the backup tier continues whatever it is given
                }
                // The first tier plans the outline, then dies in the middle of chapter 1 and stays dead.
                guard Self.chapterAsked(request.bodyText) != nil else { return killed.value > 0 ? [.closeAbruptly] : Self.answer(request) }
                if killed.next() == 1 {
                    return [.head(status: 200, headers: ["Content-Type": "text/event-stream"])]
                        + ProviderWire.stream(.openAI, pieces: ["The keeper ", "climbed "]).prefix(2).map { .send($0) }
                        + [.closeAbruptly]
                }
                return [.closeAbruptly]
            }) { server in
                let books = directory.appending("books")
                let result = try await FolioBinary.run(
                    ["generate", "--provider", "openai,anthropic", "--title", "The Keeper", "--instructions", "Calm.",
                     "--chapters", "2", "--words-per-chapter", "40", "--books-dir", books],
                    in: directory, environment: Self.environment(server, ["RETRY_MAX": "1"]), timeout: 120)
                #expect(result.code == 0, "stderr: \(result.stderr)")
                let book = try Self.json(books + "/the-keeper/book.json")
                let chapters = try #require(book["chapters"] as? [[String: Any]])
                #expect(chapters.map { $0["status"] as? String } == ["complete", "complete"])
                let file = try #require(chapters.first?["file"] as? String)
                let text = try String(contentsOfFile: books + "/the-keeper/" + file, encoding: .utf8)
                #expect(text.contains("The keeper climbed " + Self.streamed.joined()), "chapter 1: \(text)")
                #expect(text.components(separatedBy: "The keeper").count == 2, "duplicated text: \(text)")
                #expect(result.stdout.contains("The keeper climbed " + Self.streamed.joined()))
                #expect(result.stderr.contains("openai"))
            }
        }
    }

    @Test func aTokenBudgetStopsCleanlyAndKeepsFinishedChapters() async throws {
        try await withTemporaryDirectory { directory in
            try await withLoopbackServer({ request in
                guard let chapter = Self.chapterAsked(request.bodyText) else { return Self.answer(request) }
                let pieces = chapter == 1 ? Self.streamed : Self.secondChapter
                return [.head(status: 200, headers: ["Content-Type": "text/event-stream"])]
                    + ProviderWire.stream(.openAI, pieces: pieces, promptTokens: 10, completionTokens: 5_000).map { .send($0) }
                    + [.end]
            }) { server in
                let books = directory.appending("books")
                let arguments = ["generate", "--provider", "openai", "--title", "The Keeper", "--instructions", "Calm.",
                                 "--chapters", "2", "--words-per-chapter", "40", "--books-dir", books]
                let stopped = try await FolioBinary.run(
                    arguments, in: directory, environment: Self.environment(server, ["BOOK_TOKEN_BUDGET": "8400"]), timeout: 120)
                #expect(stopped.code == 1)
                #expect(stopped.stderr.contains("token budget reached"), "stderr: \(stopped.stderr)")
                var book = try Self.json(books + "/the-keeper/book.json")
                var chapters = try #require(book["chapters"] as? [[String: Any]])
                #expect(chapters.map { $0["status"] as? String } == ["complete", "pending"])
                let usage = try #require(book["usage"] as? [String: Any])
                #expect(usage["prompt_tokens"] as? Int == 20)
                #expect(usage["completion_tokens"] as? Int == 5_020)
                // openai's default price: $0.15 in, $0.60 out per million tokens.
                #expect(abs((usage["cost_usd"] as? Double ?? 0) - (20 * 0.15 + 5_020 * 0.60) / 1e6) < 1e-9)
                #expect((chapters[0]["usage"] as? [String: Any])?["cost_usd"] != nil)

                let resumed = try await FolioBinary.run(
                    arguments + ["--resume"], in: directory, environment: Self.environment(server, ["BOOK_TOKEN_BUDGET": "0"]), timeout: 120)
                #expect(resumed.code == 0, "stderr: \(resumed.stderr)")
                book = try Self.json(books + "/the-keeper/book.json")
                chapters = try #require(book["chapters"] as? [[String: Any]])
                #expect(chapters.map { $0["status"] as? String } == ["complete", "complete"])
            }
        }
    }
}

/// Counts requests seen by a loopback handler.
final class Counter: Sendable {
    private let count = Mutex(0)
    /// The count so far.
    var value: Int { count.withLock { $0 } }
    /// Adds one and returns the new count.
    func next() -> Int { count.withLock { $0 += 1; return $0 } }
}
