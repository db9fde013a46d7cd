import ArgumentParser
import FolioRuntime
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
    /// `folio cache stats [--json]`.
    struct Stats: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show entries, bytes, hits, misses, hit rate and evictions.",
            discussion: "The memory backend lives in one process, so from here it is always empty.")

        @OptionGroup var globalOptions: GlobalOptions

        @Flag(help: "Print one JSON object.")
        var json = false

        func run() async throws {
            let (stats, location) = try await globalOptions.withRuntime { runtime in
                (try await runtime.responseCache().stats(), runtime.cacheLocation)
            }
            if json {
                try Terminal.json(stats)
                return
            }
            Terminal.write("""
                backend:   \(stats.backend)\(location.map { " (\($0))" } ?? "")
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

        @OptionGroup var globalOptions: GlobalOptions

        @Option(help: "Glob over keys, e.g. 'chapter:my-book:*' (default: everything).")
        var pattern: String?

        func validate() throws {
            if let pattern, pattern.trimmingCharacters(in: .whitespaces).isEmpty {
                throw ValidationError("--pattern must not be empty")
            }
        }

        func run() async throws {
            let removed = try await globalOptions.withRuntime { try await $0.responseCache().delete(matching: pattern ?? "*") }
            Terminal.status("removed \(removed) cached \(removed == 1 ? "entry" : "entries")")
        }
    }
}
