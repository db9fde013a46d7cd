import FolioCache
import FolioCore
@testable import FolioRuntime
import Foundation
import Testing

@Suite struct CacheSettingsTests {
    /// An empty settings file, so the working directory's config.env plays no part.
    static let emptyConfig: String = {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("folio-empty-\(UUID().uuidString).env").path
        FileManager.default.createFile(atPath: path, contents: Data())
        return path
    }()

    @Test func cacheSettingsComeFromTheEnvironmentWithDefaults() async throws {
        let defaults = try await Settings.load(environment: [:], configFile: Self.emptyConfig)
        #expect(defaults.cache.backend == .file)
        #expect(defaults.cache.directory == ".cache/folio")
        #expect(CacheConfiguration(defaults).ttl.seconds["chapter"] == 604_800)

        let settings = try await Settings.load(environment: [
            "CACHE_BACKEND": "Redis", "REDIS_URL": "redis://:pw@127.0.0.1:6390/3", "CACHE_MAX_ENTRIES": "50",
            "CACHE_MAX_BYTES": "4096", "CACHE_TTL_CHAPTER": "0", "CACHE_TTL_EMBED": "60",
        ], configFile: Self.emptyConfig)
        #expect(settings.cache.backend == .redis)
        #expect(settings.cache.maxEntries == 50)
        #expect(settings.cache.maxBytes == 4096)
        #expect(!"\(settings.cache.redisURL)".contains("pw"))
        let configuration = CacheConfiguration(settings)
        let policy = configuration.ttl
        #expect(policy.ttl(for: "chapter:b:1:x") == nil)
        #expect(policy.ttl(for: "embed:m:x") == .seconds(60))
        #expect(policy.ttl(for: "outline:b:x") == .seconds(604_800))
        #expect(try configuration.open() is RedisCache)
    }

    @Test func badCacheSettingsAreBadInput() async {
        for (name, value) in [("CACHE_BACKEND", "tape"), ("REDIS_URL", "localhost:6379"), ("CACHE_MAX_ENTRIES", "0"),
                              ("CACHE_MAX_BYTES", "ten"), ("CACHE_TTL_OUTLINE", "-1")] {
            let error = await #expect(throws: FolioError.self, "\(name)=\(value)") {
                _ = try await Settings.load(environment: [name: value], configFile: Self.emptyConfig)
            }
            #expect(error?.category == .badInput)
            #expect(error?.message.contains(name) == true || name == "REDIS_URL")
        }
    }
}
