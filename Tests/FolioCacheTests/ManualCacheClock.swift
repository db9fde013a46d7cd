import FolioCache
import Synchronization

/// A clock the test moves by hand.
final class ManualCacheClock: CacheClock {
    private let seconds: Mutex<Double>

    init(_ start: Double = 1_700_000_000) { seconds = Mutex(start) }

    var now: Double { seconds.withLock { $0 } }

    func advance(by delta: Double) { seconds.withLock { $0 += delta } }
}
