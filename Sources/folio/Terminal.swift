import FolioRuntime
import Foundation

/// Writes to the terminal: content to stdout (unbuffered, as it arrives), messages to stderr.
enum Terminal {
    /// Writes content to stdout immediately.
    static func write(_ text: String) {
        writeAll(text, to: STDOUT_FILENO)
    }

    /// Writes one line to stderr.
    static func status(_ line: String) {
        writeAll(line + "\n", to: STDERR_FILENO)
    }

    /// Writes `folio: message` to stderr.
    static func error(_ message: String) {
        status("folio: " + message)
    }

    /// Whether stderr is a terminal (for colour and live progress).
    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    /// Writes `value` as one JSON document and a newline to stdout (sorted keys, compact,
    /// unless `encoder` says otherwise).
    static func json<Value: Encodable>(_ value: Value, pretty: Bool = false, encoder: JSONEncoder? = nil) throws {
        let encoder = encoder ?? {
            let encoder = JSONEncoder()
            encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                : [.sortedKeys, .withoutEscapingSlashes]
            return encoder
        }()
        write(String(decoding: try encoder.encode(value), as: UTF8.self) + "\n")
    }

    /// Writes everything; a closed stdout (`| head`) just ends what can be shown.
    private static func writeAll(_ text: String, to descriptor: Int32) {
        _ = FileDescriptor.writeAll(Array(text.utf8), to: descriptor)
    }
}
