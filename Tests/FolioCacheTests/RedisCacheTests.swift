import FolioCache
import FolioCore
import FolioRedis
import FolioTesting
import Foundation
import Logging
import Testing

/// The redis backend against a real `redis-server` the tests start on a free loopback port.
@Suite struct RedisCacheTests {
    @Test func reconnectsAfterTheServerRestarts() async throws {
        try await withRedisServer { server in
            let log = CapturedLog()
            let cache = RedisCache(url: try RedisURL(server.url), retryInterval: 0, logger: log.logger)
            try await cache.set("chapter:book:1:a", Data("before".utf8))
            #expect(try await cache.get("chapter:book:1:a") == Data("before".utf8))

            await server.stop()
            #expect(try await cache.get("chapter:book:1:a") == nil)  // down: a miss, not an error
            try await cache.set("chapter:book:1:b", Data("lost".utf8))  // down: skipped, not an error

            try await server.start()  // same port, empty (no persistence)
            #expect(try await cache.get("chapter:book:1:a") == nil)
            try await cache.set("chapter:book:1:a", Data("after".utf8))
            #expect(try await cache.get("chapter:book:1:a") == Data("after".utf8))
            #expect(try await cache.stats().entries == 1)
            #expect(log.messages(at: .warning).count == 1)
            await cache.close()
        }
    }

    @Test func aServerThatIsDownMeansUncachedWorkAndOneWarning() async throws {
        let port = try RedisServer.freePort()
        let log = CapturedLog()
        let cache = RedisCache(url: try RedisURL("redis://127.0.0.1:\(port)/0"), retryInterval: 0, logger: log.logger)
        for index in 0..<5 {
            #expect(try await cache.get("chat:\(index)") == nil)
            try await cache.set("chat:\(index)", Data("value".utf8))
        }
        let warnings = log.messages(at: .warning)
        #expect(warnings.count == 1)
        #expect(warnings.first?.contains("127.0.0.1:\(port)") == true)
        // Inspecting or clearing a cache that cannot be reached is an error the user sees.
        await #expect(throws: FolioError.self) { try await cache.stats() }
        await #expect(throws: FolioError.self) { try await cache.delete(matching: "*") }
    }

    @Test func countersLiveInTheServerAndKeysAreNamespaced() async throws {
        try await withRedisServer { server in
            let url = try RedisURL(server.url)
            let first = RedisCache(url: url)
            try await first.set("embed:minilm:abc", Data("[0.1]".utf8))
            _ = try await first.get("embed:minilm:abc")
            _ = try await first.get("embed:minilm:zzz")
            await first.close()
            let second = RedisCache(url: url)
            let stats = try await second.stats()
            #expect(stats.hits == 1)
            #expect(stats.misses == 1)
            #expect(stats.entries == 1)
            // A pattern never reaches past the cache's own namespace (job queues share the server).
            #expect(try await second.delete(matching: "*") == 1)
            #expect(try await second.stats().hits == 1)
            await second.close()
        }
    }

    @Test func parsesRedisURLsWithoutShowingPasswords() throws {
        let full = try RedisURL("redis://:s3cret@cache.internal:6380/2")
        #expect(full.host == "cache.internal")
        #expect(full.port == 6380)
        #expect(full.database == 2)
        #expect(full.password?.value == "s3cret")
        #expect(!full.description.contains("s3cret"))
        let plain = try RedisURL("redis://127.0.0.1")
        #expect(plain.port == 6379 && plain.database == 0 && plain.password == nil)
        #expect(throws: FolioError.self) { try RedisURL("http://127.0.0.1:6379") }
        #expect(throws: FolioError.self) { try RedisURL("redis://127.0.0.1:99999/0") }
        #expect(throws: FolioError.self) { try RedisURL("redis://127.0.0.1:6379/x") }
    }
}
