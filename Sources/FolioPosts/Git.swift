import FolioCore
import Foundation
import Synchronization

/// The `git` command-line tool, run without a terminal (it never waits for a password).
public enum Git {
    /// What a finished `git` run gave.
    public struct Output: Sendable {
        /// Exit status.
        public var status: Int32
        /// Standard output.
        public var stdout: String
        /// Standard error.
        public var stderr: String

        /// Git's own reason for a failure: its first `fatal:` line (what follows is advice such as
        /// "make sure you have the correct access rights"), else the last non-empty line of stderr.
        public var reason: String {
            let lines = stderr.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            let reason = lines.first { $0.hasPrefix("fatal: ") } ?? lines.last { !$0.isEmpty && !$0.hasPrefix("hint:") }
                ?? "git exited with status \(status)"
            return reason.replacingOccurrences(of: "fatal: ", with: "")
        }
    }

    /// Runs `git arguments…` in `directory` and waits for it.
    ///
    /// - Throws: `FolioError.runtime` when `git` cannot be started at all.
    public static func run(_ arguments: [String], in directory: String? = nil) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        var environment = ProcessInfo.processInfo.environment
        // No prompt for credentials, no pager, no user or system configuration changing the output.
        environment["GIT_TERMINAL_PROMPT"] = "0"
        environment["GIT_ASKPASS"] = "true"
        environment["GIT_PAGER"] = "cat"
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        environment["LC_ALL"] = "C"
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw FolioError.runtime("cannot run git: \(error.localizedDescription)")
        }
        // Both pipes are drained at once, so a chatty git never blocks on a full pipe.
        let errorData = Mutex(Data())
        let drained = DispatchSemaphore(value: 0)
        let errorHandle = err.fileHandleForReading
        DispatchQueue.global().async {
            let data = errorHandle.readDataToEndOfFile()
            errorData.withLock { $0 = data }
            drained.signal()
        }
        let outputData = out.fileHandleForReading.readDataToEndOfFile()
        drained.wait()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: outputData, as: UTF8.self),
                      stderr: String(decoding: errorData.withLock { $0 }, as: UTF8.self))
    }

    /// Whether `directory` is inside a git work tree with at least one commit.
    public static func head(of directory: String) -> String? {
        guard let output = try? run(["rev-parse", "--verify", "-q", "HEAD"], in: directory), output.status == 0 else {
            return nil
        }
        let commit = output.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        return commit.isEmpty ? nil : commit
    }
}
