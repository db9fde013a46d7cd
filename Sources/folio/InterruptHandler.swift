import Dispatch
import FolioRuntime
import Foundation

/// Turns the first Ctrl-C (SIGINT; also SIGTERM, and SIGHUP when the terminal closes) into a
/// cancellation, so work in progress is saved and child processes are stopped; a second one
/// exits at once.
final class InterruptHandler {
    private let sources: [any DispatchSourceSignal]

    init(onInterrupt: @escaping @Sendable () -> Void) {
        let state = InterruptCount()
        sources = [SIGINT, SIGTERM, SIGHUP].map { signalNumber in
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                if state.increment() == 1 {
                    onInterrupt()
                } else {
                    ChildProcessRegistry.shared.killAll()
                    _exit(130)
                }
            }
            source.resume()
            return source
        }
    }

    func stop() {
        sources.forEach { $0.cancel() }
    }
}

import Synchronization

private final class InterruptCount: Sendable {
    private let count = Mutex(0)
    func increment() -> Int { count.withLock { $0 += 1; return $0 } }
}
