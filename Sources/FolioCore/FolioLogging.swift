import Logging

/// Process-wide logging set-up: diagnostics go to stderr so stdout carries only content.
public enum FolioLogging {
    /// Bootstraps swift-log once, writing to standard error at `level`.
    public static func bootstrap(level: Logger.Level) {
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
