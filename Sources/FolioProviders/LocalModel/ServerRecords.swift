#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FolioCore
import Foundation
import Logging

/// A pid file per model server a run started (`FOLDER/<pid>.json`: the server, its
/// executable and the run that owns it), so a later run can stop a server whose owner
/// died without stopping it.
///
/// On Linux a server already dies with its owner (see ``ChildProcess``); the records cover
/// what that cannot: a server started by an older Folio, or a system without that signal.
public struct ServerRecords: Sendable {
    /// One running server.
    public struct Record: Codable, Sendable, Equatable {
        /// The server's process id.
        public var server: Int32
        /// The process id of the run that started it.
        public var owner: Int32
        /// The server's executable, to tell it from an unrelated process that reused its pid.
        public var executable: String

        /// Creates a record.
        public init(server: Int32, owner: Int32, executable: String) {
            self.server = server
            self.owner = owner
            self.executable = executable
        }
    }

    /// The folder holding the records.
    public let directory: URL
    private static let logger = FolioLogging.logger("local-model")

    /// Records kept in `directory`.
    public init(directory: URL) {
        self.directory = directory
    }

    /// The records of this user's servers, under the temporary folder.
    public static var standard: ServerRecords {
        ServerRecords(directory: FileManager.default.temporaryDirectory
            .appendingPathComponent("folio-servers-\(getuid())", isDirectory: true))
    }

    /// Records that this process started `server` from `executable`.
    public func add(server: Int32, executable: String) {
        let record = Record(server: server, owner: getpid(), executable: executable)
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try AtomicFile.write(try JSONEncoder().encode(record), to: file(of: server))
        } catch {
            Self.logger.debug("cannot record the model server", metadata: ["error": "\(error)"])
        }
    }

    /// Forgets the record of `server` (it was stopped).
    public func remove(server: Int32) {
        try? FileManager.default.removeItem(at: file(of: server))
    }

    /// Stops every recorded server whose owner is gone, and forgets it; returns their pids.
    ///
    /// A recorded pid now running another program is left alone (its record is dropped).
    @discardableResult
    public func reapStale() -> [Int32] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        var reaped: [Int32] = []
        for name in names where name.hasSuffix(".json") {
            let url = directory.appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: url.path),
                  let record = try? JSONDecoder().decode(Record.self, from: data) else {
                try? FileManager.default.removeItem(at: url)
                continue
            }
            guard !Self.isRunning(record.owner) else { continue }
            if Self.executable(of: record.server) == Self.realPath(record.executable) {
                kill(record.server, SIGKILL)
                reaped.append(record.server)
                Self.logger.warning("stopped a model server left running by an earlier run", metadata: [
                    "pid": "\(record.server)",
                ])
            }
            try? FileManager.default.removeItem(at: url)
        }
        return reaped
    }

    private func file(of server: Int32) -> URL {
        directory.appendingPathComponent("\(server).json")
    }

    private static func isRunning(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }

    /// The program `pid` runs (Linux `/proc/PID/exe`), or `nil` when it is gone, a zombie,
    /// or cannot be told.
    private static func executable(of pid: Int32) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink("/proc/\(pid)/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
