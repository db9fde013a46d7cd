/// The time source of a `ProviderChain` and its circuit breakers: any `Clock` measuring
/// in `Duration`, seen as time elapsed since the chain was made.
///
/// Wrapping the clock keeps `ProviderChain` a plain (non-generic) type while letting
/// tests inject a virtual clock, so backoff and cool-down are checked without waiting.
public struct ChainClock: Sendable {
    private let elapsed: @Sendable () -> Duration
    private let sleeper: @Sendable (Duration) async throws -> Void

    /// Wraps `clock`; time zero is now.
    public init<C: Clock>(_ clock: C) where C.Duration == Duration {
        let origin = clock.now
        elapsed = { origin.duration(to: clock.now) }
        sleeper = { try await clock.sleep(for: $0) }
    }

    /// The system's monotonic clock.
    public static var continuous: ChainClock { ChainClock(ContinuousClock()) }

    /// Time since this clock was made.
    public var now: Duration { elapsed() }

    /// Sleeps for `duration`; throws `CancellationError` when the task is cancelled.
    public func sleep(for duration: Duration) async throws {
        guard duration > .zero else { return }
        try await sleeper(duration)
    }
}
