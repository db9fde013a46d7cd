import FolioCache
import FolioTesting
import Foundation
import Testing

/// One behavioural suite every backend passes: the same calls, the same answers.
@Suite struct ResponseCacheBehaviourTests {
    static func bytes(_ text: String) -> Data { Data(text.utf8) }

    @Test(arguments: CacheBackend.allCases)
    func storesReplacesAndCountsHitsAndMisses(_ backend: CacheBackend) async throws {
        try await backend.with { cache in
            #expect(try await cache.get("chapter:book:1:abc") == nil)
            try await cache.set("chapter:book:1:abc", Self.bytes("first"))
            #expect(try await cache.get("chapter:book:1:abc") == Self.bytes("first"))
            try await cache.set("chapter:book:1:abc", Self.bytes("second"))
            #expect(try await cache.get("chapter:book:1:abc") == Self.bytes("second"))
            try await cache.set("empty", Data())
            #expect(try await cache.get("empty") == Data())
            let stats = try await cache.stats()
            #expect(stats.backend == backend.rawValue)
            #expect(stats.entries == 2)
            #expect(stats.bytes >= "second".count)
            #expect(stats.hits == 3)
            #expect(stats.misses == 1)
            #expect(stats.hitRate == 0.75)
        }
    }

    @Test(arguments: CacheBackend.allCases)
    func entriesExpireByTheInjectedClock(_ backend: CacheBackend) async throws {
        let clock = ManualCacheClock()
        try await backend.with(clock: clock) { cache in
            try await cache.set("outline:book:a", Self.bytes("short"), ttl: .seconds(60))
            try await cache.set("outline:book:b", Self.bytes("forever"))
            clock.advance(by: 59)
            #expect(try await cache.get("outline:book:a") == Self.bytes("short"))
            clock.advance(by: 2)
            #expect(try await cache.get("outline:book:a") == nil)
            #expect(try await cache.get("outline:book:a") == nil)
            #expect(try await cache.get("outline:book:b") == Self.bytes("forever"))
            let stats = try await cache.stats()
            #expect(stats.hits == 2)
            #expect(stats.misses == 2)
        }
    }

    @Test(arguments: CacheBackend.allCases)
    func deletesByGlobPattern(_ backend: CacheBackend) async throws {
        try await backend.with { cache in
            for key in ["chapter:dune:1:aa", "chapter:dune:2:bb", "chapter:emma:1:cc", "outline:dune:dd", "embed:m:ee"] {
                try await cache.set(key, Self.bytes(key))
            }
            #expect(try await cache.delete(matching: "chapter:dune:*") == 2)
            #expect(try await cache.get("chapter:dune:1:aa") == nil)
            #expect(try await cache.get("chapter:emma:1:cc") == Self.bytes("chapter:emma:1:cc"))
            #expect(try await cache.delete(matching: "*:dune:*") == 1)
            #expect(try await cache.delete(matching: "nothing:*") == 0)
            #expect(try await cache.stats().entries == 2)
            #expect(try await cache.clear() == 2)
            #expect(try await cache.stats().entries == 0)
        }
    }

    @Test(arguments: CacheBackend.allCases)
    func manyTasksAtOnceEachReadTheirOwnValue(_ backend: CacheBackend) async throws {
        try await backend.with { cache in
            try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<100 {
                    group.addTask {
                        let key = "chat:task-\(index)"
                        let value = Data(String(repeating: "\(index),", count: 50).utf8)
                        try await cache.set(key, value)
                        try await cache.set("chat:shared", value)
                        let mine = try await cache.get(key)
                        let shared = try await cache.get("chat:shared")
                        return mine == value && shared?.count ?? 0 > 0
                    }
                }
                for try await ok in group { #expect(ok) }
            }
            let stats = try await cache.stats()
            #expect(stats.entries == 101)
            #expect(stats.hits == 200)
        }
    }

    @Test(arguments: [CacheBackend.memory, .file])
    func evictsTheLeastRecentlyUsedEntryPastTheEntryBound(_ backend: CacheBackend) async throws {
        try await backend.with(maxEntries: 3) { cache in
            try await cache.set("a", Self.bytes("1"))
            try await cache.set("b", Self.bytes("2"))
            try await cache.set("c", Self.bytes("3"))
            #expect(try await cache.get("a") != nil)  // now b is the least recently used
            try await cache.set("d", Self.bytes("4"))
            #expect(try await cache.get("b") == nil)
            #expect(try await cache.get("a") == Self.bytes("1"))
            #expect(try await cache.get("d") == Self.bytes("4"))
            let stats = try await cache.stats()
            #expect(stats.entries <= 3)
            #expect(stats.evictions >= 1)
        }
    }

    @Test(arguments: [CacheBackend.memory, .file])
    func staysWithinTheByteBound(_ backend: CacheBackend) async throws {
        try await backend.with(maxBytes: 100_000) { cache in
            let value = Data(repeating: 0x41, count: 10_000)
            for index in 0..<40 { try await cache.set("chapter:b:\(index):x", value) }
            let stats = try await cache.stats()
            #expect(stats.bytes <= 100_000)
            #expect(stats.entries < 40)
            #expect(stats.evictions >= 30)
            #expect(try await cache.get("chapter:b:39:x") == value)
            #expect(try await cache.get("chapter:b:0:x") == nil)
        }
    }

    @Test func redisEvictsPastItsServersMemoryBound() async throws {
        try await CacheBackend.redis.with(redisMaxMemory: "3mb") { cache in
            let value = Data(repeating: 0x42, count: 10_000)
            for index in 0..<800 { try await cache.set("chapter:b:\(index):x", value) }  // 8 MB into 3 MB
            let stats = try await cache.stats()
            #expect(stats.entries < 800)
            #expect(stats.evictions > 0)
            #expect(try await cache.get("chapter:b:799:x") == value)
        }
    }
}
