/// An error a user can act on, carrying the category that decides the exit code.
///
/// Bad input (a flag, a file, a missing model) exits with 2 and writes nothing;
/// a runtime failure (every provider failed, an I/O error) exits with 1.
public struct FolioError: Error, Sendable, CustomStringConvertible, Equatable {
    /// What kind of failure this is.
    public enum Category: Sendable, Equatable {
        /// The user's input or environment is wrong; nothing was written.
        case badInput
        /// Something failed while working (network, provider, disk).
        case runtime
    }

    /// The category, which maps to the process exit code.
    public let category: Category
    /// One line saying what went wrong and what to do about it.
    public let message: String

    private init(_ category: Category, _ message: String) {
        self.category = category
        self.message = message
    }

    /// Bad input or usage: exit code 2.
    public static func badInput(_ message: String) -> FolioError { FolioError(.badInput, message) }

    /// A runtime failure: exit code 1.
    public static func runtime(_ message: String) -> FolioError { FolioError(.runtime, message) }

    public var description: String { message }
}
