#if canImport(Glibc)
import Foundation
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Splits a newline-delimited JSON stream (Ollama's `/api/chat`) into its lines.
///
/// A pure value: feed it body bytes as they arrive, split anywhere — inside a line,
/// inside a multi-byte UTF-8 character, between `\r` and `\n` — and it returns the
/// lines those bytes completed, without their terminator. Blank lines are skipped.
/// UTF-8 is decoded per completed line, so a character split across chunks is intact.
///
/// ```swift
/// var decoder = NDJSONDecoder()
/// for try await chunk in body {
///     for line in decoder.decode(chunk) { handle(line) }
/// }
/// for line in decoder.finish() { handle(line) }
/// ```
public struct NDJSONDecoder: Sendable {
    /// The bytes of a line whose newline has not arrived yet.
    private var partialLine: [UInt8] = []

    /// Creates a decoder.
    public init() {
        partialLine.reserveCapacity(512)
    }

    /// Consumes the next bytes and returns the lines they complete.
    public mutating func decode(_ bytes: some Sequence<UInt8>) -> [String] {
        var lines: [String] = []
        let handled: Void? = bytes.withContiguousStorageIfAvailable { consume($0, into: &lines) }
        if handled == nil {
            Array(bytes).withUnsafeBufferPointer { consume($0, into: &lines) }
        }
        return lines
    }

    /// Ends the stream and resets the decoder: a last line without its newline is
    /// returned, since servers may omit the final one.
    public mutating func finish() -> [String] {
        var lines: [String] = []
        partialLine.withUnsafeBufferPointer { emit($0, into: &lines) }
        partialLine.removeAll(keepingCapacity: true)
        return lines
    }

    private mutating func consume(_ chunk: UnsafeBufferPointer<UInt8>, into lines: inout [String]) {
        guard let base = chunk.baseAddress else { return }
        var index = 0
        while index < chunk.count {
            guard let found = memchr(base + index, 0x0A, chunk.count - index) else { break }
            let end = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            let line = UnsafeBufferPointer(start: base + index, count: end - index)
            if partialLine.isEmpty {
                emit(line, into: &lines)
            } else {
                partialLine.append(contentsOf: line)
                partialLine.withUnsafeBufferPointer { emit($0, into: &lines) }
                partialLine.removeAll(keepingCapacity: true)
            }
            index = end + 1
        }
        if index < chunk.count {
            partialLine.append(contentsOf: UnsafeBufferPointer(start: base + index, count: chunk.count - index))
        }
    }

    /// Decodes one line, dropping a trailing CR and skipping blank lines.
    private func emit(_ line: UnsafeBufferPointer<UInt8>, into lines: inout [String]) {
        var count = line.count
        if count > 0, line[count - 1] == 0x0D { count -= 1 }
        let content = UnsafeBufferPointer(rebasing: line[0..<count])
        guard content.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { return }
        lines.append(String(decoding: content, as: UTF8.self))
    }
}
