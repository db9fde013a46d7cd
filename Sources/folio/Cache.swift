import ArgumentParser
import FolioCache
import FolioCore
import Foundation

extension Folio {
    /// `folio cache`: inspect and clear the response cache.
    struct Cache: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Inspect or clear the response cache (CACHE_BACKEND: memory, file or redis).",
            subcommands: [Stats.self, Clear.self])
    }
}

extension Folio.Cache {
    /// Options shared by the cache subcommands.
    struct Options: ParsableArguments {
        @Option(name: .customLong("config"), help: "Settings file (default: ./config.env when present).")
        var configFile: String?

        func settings() async throws -> Settings {
            let settings = try await Settings.load(configFile: configFile)
            FolioLogging.bootstrap(level: settings.logLevel)
            return settings
        }
    }

    /// `folio cache stats [--json]`.
    struct Stats: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show entries, bytes, hits, misses, hit rate and evictions.",
            discussion: "The memory backend lives in one process, so from here it is always empty.")

        @OptionGroup var options: Options

        @Flag(help: "Print one JSON object.")
        var json = false

        func run() async throws {
            let settings = try await options.settings()
            let stats = try await withResponseCache(settings.cache) { try await $0.stats() }
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                Terminal.write(String(decoding: try encoder.encode(stats), as: UTF8.self) + "\n")
                return
            }
            let location = switch stats.backend {
            case "file": " (\(settings.cache.directory))"
            case "redis": " (\((try? RedisURL(settings.cache.redisURL.value))?.description ?? "?"))"
            default: ""
            }
            Terminal.write("""
                backend:   \(stats.backend)\(location)
                entries:   \(stats.entries)
                bytes:     \(stats.bytes)
                hits:      \(stats.hits)
                misses:    \(stats.misses)
                hit rate:  \(String(format: "%.1f%%", stats.hitRate * 100))
                evictions: \(stats.evictions)

                """)
        }
    }

    /// `folio cache clear [--pattern GLOB]`.
    struct Clear: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove cached entries: all of them, or those whose key matches a glob.",
            discussion: "Keys look like chapter:<book-slug>:<n>:<hash>, outline:<book-slug>:<hash>, embed:<model>:<hash>.")

        @OptionGroup var options: Options

        @Option(help: "Glob over keys, e.g. 'chapter:my-book:*' (default: everything).")
        var pattern: String?

        func validate() throws {
            if let pattern, pattern.trimmingCharacters(in: .whitespaces).isEmpty {
                throw ValidationError("--pattern must not be empty")
            }
        }

        func run() async throws {
            let settings = try await options.settings()
            let removed = try await withResponseCache(settings.cache) { try await $0.delete(matching: pattern ?? "*") }
            Terminal.status("removed \(removed) cached \(removed == 1 ? "entry" : "entries")")
        }
    }
}
