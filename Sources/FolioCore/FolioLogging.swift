import Logging
import Synchronization

/// Process-wide logging set-up: diagnostics go to stderr so stdout carries only content.
public enum FolioLogging {
    private static let bootstrapped = Mutex(false)

    /// Bootstraps swift-log once per process, writing to standard error at `level`; later
    /// calls do nothing (swift-log allows one bootstrap).
    public static func bootstrap(level: Logger.Level) {
        guard bootstrapped.withLock({ done in defer { done = true }; return !done }) else { return }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }

    /// A logger for one Folio component.
    public static func logger(_ component: String) -> Logger {
        Logger(label: "folio.\(component)")
    }
}
