import FolioCore
import Logging

/// Keeps a failing provider tier from being tried over and over.
///
/// Closed, it lets every call through and counts consecutive failures; after
/// `threshold` of them it opens and the tier is skipped. Once `cooldown` has passed it
/// is half-open: one probe call goes through, and its success closes the breaker while
/// its failure opens it again for another cool-down. A cancelled call counts as
/// neither. One breaker per tier lives for the whole run (a whole book).
public actor CircuitBreaker {
    /// Where a breaker stands.
    public enum State: String, Sendable, Equatable {
        /// Calls go through.
        case closed
        /// The tier is skipped until the cool-down ends.
        case open
        /// The cool-down ended; the next call is a probe.
        case halfOpen = "half-open"
    }

    /// The tier this breaker guards, for logs.
    public let tier: String
    /// Consecutive failures that open the breaker.
    public let threshold: Int
    /// How long the breaker stays open before a probe.
    public let cooldown: Duration
    private let clock: ChainClock
    private var consecutiveFailures = 0
    private var openedAt: Duration?
    private var probeInFlight = false

    private static let logger = FolioLogging.logger("breaker")

    /// Creates a closed breaker.
    public init(tier: String, threshold: Int, cooldown: Duration, clock: ChainClock) {
        self.tier = tier
        self.threshold = max(threshold, 1)
        self.cooldown = cooldown
        self.clock = clock
    }

    /// The current state.
    public var state: State {
        guard let openedAt else { return .closed }
        return clock.now - openedAt >= cooldown ? .halfOpen : .open
    }

    /// Consecutive failures counted so far.
    public var failures: Int { consecutiveFailures }

    /// Whether a call may go to the tier now; in the half-open state only one probe is admitted.
    public func admit() -> Bool {
        switch state {
        case .closed: return true
        case .open: return false
        case .halfOpen:
            guard !probeInFlight else { return false }
            probeInFlight = true
            Self.logger.info("circuit half-open: probing", metadata: ["provider": "\(tier)"])
            return true
        }
    }

    /// Whether a failed call may be retried on this tier: only while the breaker is closed.
    public var allowsRetry: Bool { openedAt == nil }

    /// The call completed: the breaker closes.
    public func recordSuccess() {
        if openedAt != nil { Self.logger.notice("circuit closed", metadata: ["provider": "\(tier)"]) }
        consecutiveFailures = 0
        openedAt = nil
        probeInFlight = false
    }

    /// The call failed: count it, and open (or re-open after a failed probe).
    public func recordFailure() {
        consecutiveFailures += 1
        if probeInFlight || (openedAt == nil && consecutiveFailures >= threshold) {
            probeInFlight = false
            openedAt = clock.now
            Self.logger.warning("circuit open", metadata: [
                "provider": "\(tier)", "failures": "\(consecutiveFailures)"])
        }
    }

    /// The call ended in a way that says nothing about the tier's health — cancelled, or
    /// refused for the request's own fault (a prompt too long) — but it frees a probe slot.
    public func release() {
        probeInFlight = false
    }
}
