#if canImport(Glibc)
import Glibc
#endif
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

    private static func writeAll(_ text: String, to descriptor: Int32) {
        let bytes = Array(text.utf8)
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return  // stdout closed (e.g. `| head`): nothing more can be shown
                }
                offset += written
            }
        }
    }
}
