/// A credential that never shows itself in descriptions, logs or dumps.
public struct Secret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The raw value, to be placed in a request header and nowhere else.
    public let value: String

    /// Wraps a credential.
    public init(_ value: String) { self.value = value }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
}
