/// An error a user can act on: one line saying what went wrong and what to do, and what kind
/// of failure it is, which callers match on and which decides the exit code.
///
/// Bad input (a flag, a file, a missing model) exits with 2 and writes nothing; a runtime
/// failure (every provider failed, an I/O error) exits with 1. Match a failure by its kind:
///
///     catch let error as FolioError where error.kind == .noUsableProvider { … }
public struct FolioError: Error, Sendable, CustomStringConvertible, Equatable {
    /// What kind of failure this is, for the exit code.
    public enum Category: Sendable, Equatable {
        /// The user's input or environment is wrong; nothing was written.
        case badInput
        /// Something failed while working (network, provider, disk).
        case runtime
    }

    /// A failure a caller can tell apart from the others.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        private enum Value: String, Sendable, Hashable {
            case badInput = "bad input", runtime
            case unknownProvider = "unknown provider", noUsableProvider = "no usable provider"
            case everyTierFailed = "every tier failed", modelNotInstalled = "model not installed"
            case bookBusy = "book busy"
        }

        private let value: Value
        /// The category of this kind of failure.
        public let category: Category

        private init(_ value: Value, _ category: Category) {
            self.value = value
            self.category = category
        }

        /// Any other bad input: a flag, a setting, a file.
        public static let badInput = Kind(.badInput, .badInput)
        /// Any other runtime failure: the network, the disk.
        public static let runtime = Kind(.runtime, .runtime)
        /// A tier name Folio does not know, or one listed twice (bad input).
        public static let unknownProvider = Kind(.unknownProvider, .badInput)
        /// No tier of the fallback order can be used, e.g. no key is set for any (bad input).
        public static let noUsableProvider = Kind(.noUsableProvider, .badInput)
        /// Every tier of the chain failed the call (runtime).
        public static let everyTierFailed = Kind(.everyTierFailed, .runtime)
        /// The local model server or model file is not installed (bad input).
        public static let modelNotInstalled = Kind(.modelNotInstalled, .badInput)
        /// Another run holds the book's lock (bad input for a command; a job tries again later).
        public static let bookBusy = Kind(.bookBusy, .badInput)

        public var description: String { value.rawValue }
    }

    /// What kind of failure this is.
    public let kind: Kind
    /// One line saying what went wrong and what to do about it.
    public let message: String

    /// The category, which maps to the process exit code.
    public var category: Category { kind.category }

    /// A failure of `kind`, explained by `message` (one line).
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// Bad input or usage: exit code 2.
    public static func badInput(_ message: String) -> FolioError { FolioError(.badInput, message) }

    /// A runtime failure: exit code 1.
    public static func runtime(_ message: String) -> FolioError { FolioError(.runtime, message) }

    public var description: String { message }

    /// Two errors are equal when they say the same in the same category: a more specific kind
    /// is still the bad input (or runtime failure) it is.
    public static func == (lhs: FolioError, rhs: FolioError) -> Bool {
        lhs.category == rhs.category && lhs.message == rhs.message
    }
}
