import Foundation

/// Recorded wire traffic shipped with FolioTesting, read from its resource bundle.
///
/// `openai-chat-stream.txt` follows OpenAI's documented Chat Completions stream;
/// `llamacpp-chat-stream.txt` was recorded from llama.cpp's `llama-server`;
/// `anthropic-messages-stream.txt` and `anthropic-overloaded-stream.txt` follow Anthropic's
/// documented Messages stream (the latter ends in an `overloaded_error` event);
/// `gemini-stream.txt` follows Gemini's `streamGenerateContent?alt=sse` (CRLF events);
/// `ollama-chat-stream.ndjson` follows Ollama's `/api/chat` stream.
public enum Fixtures {
    /// A fixture that is not in the bundle.
    public struct MissingFixture: Error, CustomStringConvertible {
        /// The file name asked for.
        public let name: String
        public var description: String { "no fixture named \(name) in FolioTesting's Fixtures folder" }
    }

    /// The bytes of the fixture file `name`, e.g. `openai-chat-stream.txt`.
    public static func bytes(_ name: String) throws -> [UInt8] {
        guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures") else {
            throw MissingFixture(name: name)
        }
        return Array(try Data(contentsOf: url))
    }
}
