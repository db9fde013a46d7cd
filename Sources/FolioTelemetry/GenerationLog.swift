#if canImport(Glibc)
import Glibc
#endif
import FolioCore
import Foundation

/// The JSONL log of model calls: one line per call, appended by any number of processes.
///
/// Each line goes out in one `write` to a file opened with `O_APPEND`, so lines of concurrent
/// writers never interleave. Past `maxBytes` the file is rotated (`generations.jsonl.1`, … up
/// to `keep` old files) under an exclusive `flock`, so two processes never rotate at once.
public struct GenerationLog: Sendable {
    /// Where and how much to log.
    public struct Configuration: Sendable {
        /// The folder holding `generations.jsonl`.
        public var directory: String = "logs"
        /// Size past which the log is rotated.
        public var maxBytes: Int = 64 * 1024 * 1024
        /// Rotated files kept.
        public var keep: Int = 3
        /// Whether prompts and answers are logged in full (otherwise hash and length only).
        public var logsContent = false

        /// The defaults.
        public init() {}
    }

    /// The settings in force.
    public let configuration: Configuration

    /// A log writing under `configuration.directory`.
    public init(_ configuration: Configuration = .init()) {
        self.configuration = configuration
    }

    /// The current log file.
    public var path: String { URL(fileURLWithPath: configuration.directory).appendingPathComponent("generations.jsonl").path }

    /// Appends `record` as one line; a failure to log never fails the call it describes.
    public func append(_ record: GenerationRecord) {
        var record = record
        if !configuration.logsContent {
            record.prompt = nil
            record.answer = nil
        }
        write(record)
    }

    /// Appends `assessment` as one line; a failure to log never fails the work it scores.
    public func append(_ assessment: GenerationAssessment) {
        write(assessment)
    }

    /// Writes `value` as one JSON line with one `write`, so concurrent writers never interleave.
    private func write(_ value: some Encodable) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard var line = try? encoder.encode(value) else { return }
        line.append(UInt8(ascii: "\n"))
        try? FileManager.default.createDirectory(atPath: configuration.directory, withIntermediateDirectories: true)
        rotateIfNeeded(adding: line.count)
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return }
        _ = FileDescriptor.writeAll([UInt8](line), to: descriptor)
        close(descriptor)
    }

    /// The log files, oldest first (rotated ones, then the current one), that exist.
    public var files: [String] {
        let rotated = (1...max(1, configuration.keep)).reversed().map { "\(path).\($0)" }
        return (rotated + [path]).filter { FileManager.default.fileExists(atPath: $0) }
    }

    private func rotateIfNeeded(adding bytes: Int) {
        guard size(of: path) + bytes > configuration.maxBytes else { return }
        let lock = open(path + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard lock >= 0 else { return }
        defer { close(lock) }
        guard flock(lock, LOCK_EX) == 0 else { return }
        defer { flock(lock, LOCK_UN) }
        // Another process may have rotated while this one waited for the lock.
        guard size(of: path) + bytes > configuration.maxBytes else { return }
        let keep = max(1, configuration.keep)
        unlink("\(path).\(keep)")
        for index in stride(from: keep - 1, through: 1, by: -1) {
            rename("\(path).\(index)", "\(path).\(index + 1)")
        }
        rename(path, "\(path).1")
    }

    private func size(of file: String) -> Int {
        var info = stat()
        return stat(file, &info) == 0 ? Int(info.st_size) : 0
    }
}
