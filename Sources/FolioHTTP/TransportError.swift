/// A failure below HTTP: connecting, timing out, or the connection breaking.
public struct TransportError: Error, Sendable, Equatable, CustomStringConvertible {
    private enum Kind: Sendable, Equatable {
        case connect, timeout, broken, other
    }

    private let kind: Kind
    /// A one-line explanation.
    public let message: String

    private init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The connection could not be established.
    public static func connect(_ message: String) -> TransportError { .init(.connect, message) }
    /// Connecting or waiting for bytes took longer than allowed.
    public static func timeout(_ message: String) -> TransportError { .init(.timeout, message) }
    /// The connection broke before the response was complete.
    public static func broken(_ message: String) -> TransportError { .init(.broken, message) }
    /// Any other transport failure.
    public static func other(_ message: String) -> TransportError { .init(.other, message) }

    /// Whether this is a timeout.
    public var isTimeout: Bool { kind == .timeout }
    /// Whether the connection could not be made.
    public var isConnectFailure: Bool { kind == .connect }
    /// Whether the connection broke mid-response.
    public var isBroken: Bool { kind == .broken }

    public var description: String { message }
}
