/// Runs the jobs of one kind: decodes the payload, does the work, returns the result (JSON).
///
/// A handler must be safe to run again on the same job: a job whose worker died is run
/// once more by another worker, so effects already made are kept, not repeated (a book job
/// resumes at its first unfinished chapter). It reports progress through the context, and
/// stops when its task is cancelled (a user cancelled the job, or the worker is stopping).
public protocol JobHandler: Sendable {
    /// Does the job's work and returns its result as JSON.
    func run(_ job: Job, context: JobContext) async throws -> String
}

/// The handlers a worker knows, by job kind. Adding a kind is one ``register(_:_:)``.
public struct JobHandlers: Sendable {
    private var handlers: [String: any JobHandler] = [:]

    /// No handler yet.
    public init() {}

    /// Runs jobs of `kind` with `handler`.
    public mutating func register(_ kind: String, _ handler: any JobHandler) {
        handlers[kind] = handler
    }

    /// The handler of `kind`, if registered.
    public func handler(for kind: String) -> (any JobHandler)? {
        handlers[kind]
    }

    /// The kinds registered, sorted.
    public var kinds: [String] { handlers.keys.sorted() }
}

/// Thrown by a handler to say how its failure should end the job.
public struct JobHandlerError: Error, Sendable, CustomStringConvertible {
    /// How the job ends.
    public let ending: JobEnding

    /// Another attempt may succeed (a busy resource, a network failure).
    public static func retry(_ message: String) -> JobHandlerError { JobHandlerError(ending: .retry(message)) }
    /// No attempt can succeed (bad input).
    public static func permanent(_ message: String) -> JobHandlerError { JobHandlerError(ending: .permanent(message)) }

    public var description: String {
        switch ending {
        case .retry(let message), .permanent(let message): message
        case .released: "released"
        case .cancelled: "cancelled"
        }
    }
}
