/// Why a safety check could not run. Match with `==` against the static members.
public struct SafetyError: Error, Equatable, CustomStringConvertible {
    private enum Kind: Equatable {
        case sourcesMissing
        case noSources
        case resource
        case judgeAnswer
    }

    private let kind: Kind
    /// A message a user can act on.
    public let message: String

    private init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    /// Nothing exists at the sources path.
    public static func sourcesMissing(_ path: String) -> SafetyError {
        SafetyError(.sourcesMissing, "no source file or folder at \(path)")
    }

    /// The sources path holds no readable text.
    public static func noSources(_ path: String) -> SafetyError {
        SafetyError(.noSources, "\(path) holds no readable UTF-8 text source")
    }

    /// A bundled data file (judge weights, secret rules) is missing or malformed.
    public static func resource(_ name: String, _ reason: String) -> SafetyError {
        SafetyError(.resource, "bundled safety data \(name) is unusable: \(reason)")
    }

    /// The model judge's answer was not the JSON asked for.
    public static func judgeAnswer(_ reason: String) -> SafetyError {
        SafetyError(.judgeAnswer, "the model judge's answer is unusable: \(reason)")
    }

    /// Errors of the same kind are equal, whatever their message.
    public static func == (lhs: SafetyError, rhs: SafetyError) -> Bool { lhs.kind == rhs.kind }

    /// Matches any `sourcesMissing` error.
    public static let sourcesMissingKind = SafetyError(.sourcesMissing, "")
    /// Matches any `noSources` error.
    public static let noSourcesKind = SafetyError(.noSources, "")
}
