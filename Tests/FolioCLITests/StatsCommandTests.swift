import FolioCore
import FolioTelemetry
import FolioTesting
import Foundation
import Testing

/// `folio stats` on the built binary: figures from a log of known calls, drift, bad input,
/// and the calls `folio stream` itself logs.
@Suite struct StatsCommandTests {
    static func record(unix: Double, provider: String = "local", purpose: String = "chat", total: Double = 100,
                       quality: Double? = nil, error: String? = nil, cache: String = "miss") -> GenerationRecord {
        GenerationRecord(
            time: "", unix: unix, command: "generate", purpose: purpose, attempts: [.init(provider: provider, outcome: "ok")],
            provider: provider, model: "m", firstTokenMilliseconds: total / 2, totalMilliseconds: total,
            promptTokens: 100, completionTokens: 50, costUSD: 0.002, cache: cache, retries: 0, fallbacks: 0,
            finishReason: error == nil ? "stop" : nil, error: error, quality: quality, promptSHA256: "",
            promptCharacters: 0, answerSHA256: "", answerCharacters: 0)
    }

    static func log(in directory: TemporaryDirectory) -> GenerationLog {
        var configuration = GenerationLog.Configuration()
        configuration.directory = directory.appending("logs")
        return GenerationLog(configuration)
    }

    @Test func figuresOfAKnownLogByProvider() async throws {
        let directory = try TemporaryDirectory("folio-stats"); defer { directory.remove() }
        let log = Self.log(in: directory)
        let now = Date().timeIntervalSince1970
        for number in 0..<30 { log.append(Self.record(unix: now - 3600 + Double(number), purpose: "chapter:b:\(number)")) }
        for number in 0..<10 {
            log.append(Self.record(unix: now - 600, provider: "openai", total: 2000,
                                   error: number < 2 ? "every tier failed" : nil, cache: "hit"))
        }
        log.append(Self.record(unix: now - 10 * 86_400, provider: "old"))
        let result = try await FolioBinary.run(["stats", "--since", "24h", "--by", "provider", "--json"], in: directory,
                                               environment: ["LOGS_DIR": directory.appending("logs")])
        #expect(result.code == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let groups = try #require(json["groups"] as? [[String: Any]])
        #expect(groups.map { $0["key"] as? String } == ["local", "openai"])
        let total = try #require(json["total"] as? [String: Any])
        #expect(total["requests"] as? Int == 40)
        #expect(total["errors"] as? Int == 2)
        #expect(total["prompt_tokens"] as? Int == 4000)
        #expect(abs((total["cost_usd"] as? Double ?? 0) - 0.08) < 1e-9)
        #expect(abs((total["cache_hit_rate"] as? Double ?? 0) - 0.25) < 1e-9)
        let latency = try #require(total["total_ms"] as? [String: Any])
        #expect(abs((latency["p50"] as? Double ?? 0) - 100) <= 1)
        #expect(abs((latency["p99"] as? Double ?? 0) - 2000) <= 20)

        let table = try await FolioBinary.run(["stats", "--by", "purpose"], in: directory,
                                              environment: ["LOGS_DIR": directory.appending("logs")])
        #expect(table.code == 0)
        #expect(table.stdout.contains("chapter"))
        #expect(table.stdout.contains("total"))
    }

    @Test func aPlantedQualityDropIsDriftWithExitThree() async throws {
        let directory = try TemporaryDirectory("folio-stats"); defer { directory.remove() }
        let log = Self.log(in: directory)
        let now = Date().timeIntervalSince1970
        for number in 0..<20 {
            log.append(Self.record(unix: now - 36 * 3600 + Double(number), quality: 0.8))
            log.append(Self.record(unix: now - 3600 + Double(number), quality: 0.5))
        }
        let environment = ["LOGS_DIR": directory.appending("logs")]
        let drift = try await FolioBinary.run(["stats", "--drift"], in: directory, environment: environment)
        #expect(drift.code == 3, "\(drift.stdout)\(drift.stderr)")
        let line = try #require(drift.stdout.split(separator: "\n").first { $0.hasPrefix("quality") })
        #expect(line.contains("-37.5%"))
        #expect(line.contains("DRIFT"))
        #expect(!drift.stdout.contains("error_rate") || !drift.stdout.split(separator: "\n")
            .first { $0.hasPrefix("error_rate") }!.contains("DRIFT"))
        let relaxed = try await FolioBinary.run(["stats", "--drift"], in: directory,
                                                environment: environment.merging(["DRIFT_QUALITY_DROP_PERCENT": "50"]) { $1 })
        #expect(relaxed.code == 0, "\(relaxed.stdout)")
    }

    @Test func badInputIsOneLineAndExitTwo() async throws {
        let directory = try TemporaryDirectory("folio-stats"); defer { directory.remove() }
        for arguments in [["stats", "--since", "yesterday"], ["stats", "--by", "colour"], ["stats", "--drift", "--by", "day"]] {
            let result = try await FolioBinary.run(arguments, in: directory)
            #expect(result.code == 2, "\(arguments)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        }
    }

    @Test func aBookIsLoggedCallByCallWithEachChaptersQuality() async throws {
        try await withTemporaryDirectory { directory in
            try await withLoopbackServer(ProviderCommandTests.answer) { server in
                let environment = ProviderCommandTests.environment(server, ["LOGS_DIR": directory.appending("logs"),
                                                                            "RAG_MODE": "disabled"])
                let books = directory.appending("books")
                let generate = try await FolioBinary.run(
                    ["generate", "--provider", "openai", "--title", "The Keeper", "--instructions", "A calm story.",
                     "--chapters", "2", "--words-per-chapter", "40", "--books-dir", books],
                    in: directory, environment: environment, timeout: 120)
                #expect(generate.code == 0, "\(generate.stderr)")
                let data = try Data(contentsOf: URL(fileURLWithPath: books + "/the-keeper/book.json"))
                let book = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
                let chapters = try #require(book["chapters"] as? [[String: Any]])
                #expect(chapters.count == 2)

                let stats = try await FolioBinary.run(["stats", "--by", "purpose", "--json"], in: directory,
                                                      environment: environment)
                #expect(stats.code == 0, "\(stats.stderr)")
                let json = try #require(try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any])
                let groups = try #require(json["groups"] as? [[String: Any]])
                let byKey = Dictionary(uniqueKeysWithValues: groups.map { ($0["key"] as? String ?? "", $0) })
                // Every call the server answered is one request; chapters carry their quality.
                let requests = groups.compactMap { $0["requests"] as? Int }.reduce(0, +)
                #expect(requests == server.requests.filter { $0.method == "POST" }.count)
                #expect((byKey["chapter"]?["requests"] as? Int ?? 0) >= 2)
                #expect((byKey["outline"]?["requests"] as? Int ?? 0) >= 1)
                let quality = try #require(byKey["chapter"]?["mean_quality"] as? Double)
                #expect(quality > 0 && quality <= 1)
                let log = try String(contentsOfFile: directory.appending("logs/generations.jsonl"), encoding: .utf8)
                let assessments = log.split(separator: "\n").filter { $0.contains(#""kind":"assessment""#) }
                #expect(assessments.count == 2)
                #expect(assessments.allSatisfy { $0.contains(#""purpose":"chapter:the-keeper:"#) })
                #expect(!log.contains(ProviderCommandTests.key))
            }
        }
    }

    @Test func streamCallsAreLoggedAndCounted() async throws {
        let directory = try TemporaryDirectory("folio-stats"); defer { directory.remove() }
        let events = [#"data: {"choices":[{"index":0,"delta":{"content":"Tides turn."}}]}"# + "\n\n",
                      #"data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":9,"completion_tokens":3}}"# + "\n\n",
                      "data: [DONE]\n\n"]
        try await withLoopbackServer({ _ in LoopbackAction.eventStream(events) }) { server in
            let environment = ["LOGS_DIR": directory.appending("logs"), "FOLIO_PROVIDERS": "openai-compatible",
                               "OPENAI_COMPATIBLE_BASE_URL": server.baseURL + "/v1"]
            for _ in 0..<2 {
                let result = try await FolioBinary.run(["stream", "Write about tides."], in: directory, environment: environment)
                #expect(result.code == 0, "\(result.stderr)")
                #expect(result.stdout == "Tides turn.\n")
            }
            let stats = try await FolioBinary.run(["stats", "--json"], in: directory, environment: environment)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any])
            let total = try #require(json["total"] as? [String: Any])
            #expect(total["requests"] as? Int == 2)
            #expect(total["cache_hit_rate"] as? Double == 0.5)
            let lines = try String(contentsOfFile: directory.appending("logs/generations.jsonl"), encoding: .utf8)
            #expect(lines.contains(#""command":"stream""#))
            #expect(!lines.contains("Write about tides"))  // content is off by default
        }
    }
}
