/// One message of a chat conversation.
public struct ChatMessage: Sendable, Equatable, Codable {
    /// Who speaks.
    public enum Role: String, Sendable, Codable {
        case system, user, assistant
    }

    /// The speaker.
    public var role: Role
    /// The text.
    public var content: String

    /// Creates a message.
    public init(_ role: Role, _ content: String) {
        self.role = role
        self.content = content
    }
}
