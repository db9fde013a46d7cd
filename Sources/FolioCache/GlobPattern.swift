#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Shell-style matching of cache keys (`*`, `?`, `[…]`, `\` escapes), the same syntax Redis's
/// `SCAN … MATCH` uses, so a pattern selects the same keys on every backend. `*` crosses `:`.
struct GlobPattern: Sendable {
    let pattern: String

    func matches(_ key: String) -> Bool {
        fnmatch(pattern, key, 0) == 0
    }
}
