import Foundation

/// Where a cache reads the time, so expiry can be tested without waiting.
///
/// Wall-clock seconds rather than a `Clock` instant: file and Redis entries outlive the
/// process that wrote them, so their expiry must be a point every process agrees on.
public protocol CacheClock: Sendable {
    /// Seconds since 1970-01-01 UTC.
    var now: Double { get }
}

/// The system's wall clock.
public struct SystemCacheClock: CacheClock {
    /// Creates the clock.
    public init() {}

    public var now: Double { Date().timeIntervalSince1970 }
}
