import Synchronization

/// A `Clock` whose time moves only when something sleeps on it or a test advances it.
///
/// `sleep` returns at once after moving the clock to the deadline and recording how long
/// was asked for, so code that backs off or waits out a cool-down runs instantly and
/// deterministically, and tests check the waits exactly.
public final class VirtualClock: Clock, Sendable {
    /// A point on the virtual time line.
    public struct Instant: InstantProtocol {
        /// Time since the clock started.
        public var offset: Duration

        public func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        public func duration(to other: Instant) -> Duration { other.offset - offset }
        public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    private struct State {
        var now = Duration.zero
        var sleeps: [Duration] = []
    }

    private let state = Mutex(State())

    /// A clock at time zero.
    public init() {}

    public var now: Instant { Instant(offset: state.withLock { $0.now }) }
    public var minimumResolution: Duration { .zero }

    /// Every sleep asked for, oldest first.
    public var sleeps: [Duration] { state.withLock { $0.sleeps } }

    /// Moves time forward, as if `duration` passed.
    public func advance(by duration: Duration) {
        state.withLock { $0.now += duration }
    }

    public func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        try Task.checkCancellation()
        state.withLock { state in
            state.sleeps.append(max(deadline.offset - state.now, .zero))
            state.now = max(state.now, deadline.offset)
        }
    }
}
