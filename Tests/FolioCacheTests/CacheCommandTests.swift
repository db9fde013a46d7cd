import FolioTesting
import Foundation
import Testing

/// `folio generate`, `folio stream` and `folio cache` through the built binary, with the real
/// local model and a real Redis. Serialized: each run starts its own llama-server.
@Suite(.serialized) struct CacheCommandTests {
    static func uniqueModel(in directory: TemporaryDirectory) throws -> String {
        let link = directory.appending("model-\(UUID().uuidString.prefix(8)).gguf")
        try FileManager.default.createSymbolicLink(
            atPath: link, withDestinationPath: FolioBinary.environment()["LOCAL_MODEL_PATH"]!)
        return link
    }

    static func stats(_ directory: TemporaryDirectory, _ environment: [String: String]) async throws -> [String: Any] {
        let result = try await FolioBinary.run(["cache", "stats", "--json"], in: directory, environment: environment,
                                               timeout: 60)
        #expect(result.code == 0, "stderr: \(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    @Test func generatingTheSameBookTwiceTakesTheSecondFromTheCache() async throws {
        try await withTemporaryDirectory { directory in
            let environment = ["LOCAL_MODEL_PATH": try Self.uniqueModel(in: directory),
                               "CACHE_BACKEND": "file", "CACHE_DIR": directory.appending("shared-cache")]
            func generate(into books: String) async throws -> (code: Int32?, stdout: String, stderr: String) {
                try await FolioBinary.run(
                    ["generate", "--title", "The Tin Lighthouse",
                     "--instructions", "A short fable about a lighthouse keeper who collects storms.",
                     "--chapters", "2", "--words-per-chapter", "60", "--books-dir", directory.appending(books)],
                    in: directory, environment: environment)
            }
            let first = try await generate(into: "books-one")
            #expect(first.code == 0, "stderr: \(first.stderr)")
            let afterFirst = try await Self.stats(directory, environment)
            #expect(afterFirst["hits"] as? Int == 0)
            let stored = try #require(afterFirst["entries"] as? Int)
            #expect(stored >= 3)  // the outline and two chapters

            let second = try await generate(into: "books-two")
            #expect(second.code == 0, "stderr: \(second.stderr)")
            // The model samples at temperature 0.7: identical text can only come from the cache.
            #expect(second.stdout == first.stdout)
            #expect(second.stdout.contains("# Chapter 2:"))
            let afterSecond = try await Self.stats(directory, environment)
            #expect(afterSecond["hits"] as? Int ?? 0 >= 3)
            #expect(afterSecond["misses"] as? Int == afterFirst["misses"] as? Int)
            #expect(afterSecond["entries"] as? Int == stored)
            #expect(afterSecond["backend"] as? String == "file")
            #expect((afterSecond["hit_rate"] as? Double ?? 0) > 0)

            let manifest = try #require(try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: directory.appending("books-two/the-tin-lighthouse/book.json"))))
                as? [String: Any])
            let chapters = try #require(manifest["chapters"] as? [[String: Any]])
            #expect(chapters.allSatisfy { $0["provider"] as? String == "cache" })
            #expect(chapters.allSatisfy { ($0["model"] as? String)?.hasPrefix("local/") == true })

            // --no-cache asks the model again, and clearing by pattern forgets only what matches.
            let fresh = try await FolioBinary.run(
                ["stream", "--no-cache", "--max-tokens", "8", "Say hi."], in: directory, environment: environment,
                timeout: 120)
            #expect(fresh.code == 0, "stderr: \(fresh.stderr)")
            #expect(try await Self.stats(directory, environment)["entries"] as? Int == stored)
            let cleared = try await FolioBinary.run(["cache", "clear", "--pattern", "chapter:the-tin-lighthouse:*"],
                                                    in: directory, environment: environment)
            #expect(cleared.code == 0)
            // Two chapters at least (more when a chapter was continued); the outline stays.
            let removed = Int(cleared.stderr.split(separator: " ").dropFirst().first ?? "") ?? 0
            #expect(removed >= 2, "stderr: \(cleared.stderr)")
            #expect(try await Self.stats(directory, environment)["entries"] as? Int == stored - removed)
            #expect(stored - removed >= 1)
        }
    }

    @Test func streamSharesARedisCacheAndReplaysAHit() async throws {
        try await withTemporaryDirectory { directory in
            try await withRedisServer { server in
                let environment = ["LOCAL_MODEL_PATH": try Self.uniqueModel(in: directory),
                                   "CACHE_BACKEND": "redis", "REDIS_URL": server.url]
                let arguments = ["stream", "--max-tokens", "24", "Name three rivers."]
                let first = try await FolioBinary.run(arguments, in: directory, environment: environment, timeout: 120)
                #expect(first.code == 0, "stderr: \(first.stderr)")
                let second = try await FolioBinary.run(arguments, in: directory, environment: environment, timeout: 120)
                #expect(second.code == 0, "stderr: \(second.stderr)")
                #expect(second.stdout == first.stdout)
                #expect(second.stderr.isEmpty)
                let stats = try await Self.stats(directory, environment)
                #expect(stats["backend"] as? String == "redis")
                #expect(stats["hits"] as? Int == 1)
                #expect(stats["misses"] as? Int == 1)
                #expect(stats["entries"] as? Int == 1)
            }
        }
    }

    @Test func aRedisThatIsDownWarnsOnceAndTheCallStillSucceeds() async throws {
        try await withTemporaryDirectory { directory in
            let port = try RedisServer.freePort()
            let environment = ["LOCAL_MODEL_PATH": try Self.uniqueModel(in: directory),
                               "CACHE_BACKEND": "redis", "REDIS_URL": "redis://:hunter2@127.0.0.1:\(port)/0"]
            let result = try await FolioBinary.run(["stream", "--max-tokens", "12", "Say hello."], in: directory,
                                                   environment: environment, timeout: 120)
            #expect(result.code == 0, "stderr: \(result.stderr)")
            #expect(!result.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
            let warnings = result.stderr.split(separator: "\n").filter { $0.contains("Redis cache unreachable") }
            #expect(warnings.count == 1, "stderr: \(result.stderr)")
            #expect(!result.stderr.contains("hunter2"))

            let stats = try await FolioBinary.run(["cache", "stats"], in: directory, environment: environment)
            #expect(stats.code == 1)
            #expect(!stats.stderr.contains("hunter2"))
        }
    }

    @Test func badCacheSettingsAreBadInputAndWriteNothing() async throws {
        try await withTemporaryDirectory { directory in
            let bogus = try await FolioBinary.run(["cache", "stats"], in: directory,
                                                  environment: ["CACHE_BACKEND": "floppy"])
            #expect(bogus.code == 2)
            #expect(bogus.stderr.contains("CACHE_BACKEND"))
            let url = try await FolioBinary.run(["cache", "clear"], in: directory,
                                                environment: ["CACHE_BACKEND": "redis", "REDIS_URL": "http://x"])
            #expect(url.code == 2)
            let pattern = try await FolioBinary.run(["cache", "clear", "--pattern", ""], in: directory)
            #expect(pattern.code == 2)
            #expect(!FileManager.default.fileExists(atPath: directory.appending("cache")))
        }
    }
}
