import Foundation
import Testing
import FolioCore
import FolioHTTP
import FolioProviders
import FolioTesting
#if canImport(Glibc)
import Glibc
#endif

/// The model server is restarted when it dies and given up on when it keeps dying; a
/// server left by a dead run is stopped by the next one.
@Suite(.serialized) struct LocalModelSupervisionTests {
    static func configuration(records: ServerRecords? = nil) -> LocalModelServer.Configuration {
        var configuration = LocalModelServerTests.configuration
        configuration.records = records
        return configuration
    }

    @Test func deadServerIsRestartedThenGivenUpAfterTheLimit() async throws {
        var options = LocalModelSupervisor.Options()
        options.maxRestarts = 1
        options.restartDelay = .milliseconds(10)
        let transport = CurlTransport()
        let supervisor = LocalModelSupervisor(Self.configuration(), transport: transport, options: options)
        let first = try await supervisor.server()
        #expect(try await supervisor.server() === first, "a live server was replaced")

        kill(first.process.pid, SIGKILL)
        _ = await first.process.wait(timeout: 10)
        let second = try await supervisor.server()
        #expect(second.process.pid != first.process.pid)
        #expect(try await second.healthStatus(transport: transport) == 200)
        #expect(await supervisor.restarts == 1)

        kill(second.process.pid, SIGKILL)
        _ = await second.process.wait(timeout: 10)
        await #expect(throws: FolioError.self) { try await supervisor.server() }
        do {
            _ = try await supervisor.server()
        } catch let error as FolioError {
            #expect(error.message.contains("giving up"), "\(error.message)")
        }
        await supervisor.stop()
    }

    @Test func staleServerOfADeadRunIsStoppedAndOthersAreLeftAlone() async throws {
        try await withTemporaryDirectory { directory in
            let records = ServerRecords(directory: directory.url.appendingPathComponent("servers"))
            // A run that has exited: its pid names no process any more.
            let owner = try ChildProcess(executable: "/bin/true", arguments: [], stdoutPath: "/dev/null")
            #expect(await owner.wait(timeout: 10) == 0)
            let stale = try ChildProcess(executable: "/bin/sleep", arguments: ["300"], stdoutPath: "/dev/null")
            let unrelated = try ChildProcess(executable: "/bin/sleep", arguments: ["301"], stdoutPath: "/dev/null")
            let owned = try ChildProcess(executable: "/bin/sleep", arguments: ["302"], stdoutPath: "/dev/null")
            defer { [stale, unrelated, owned].forEach { $0.send(SIGKILL) } }
            try FileManager.default.createDirectory(at: records.directory, withIntermediateDirectories: true)
            func write(_ record: ServerRecords.Record) throws {
                try JSONEncoder().encode(record)
                    .write(to: records.directory.appendingPathComponent("\(record.server).json"))
            }
            try write(.init(server: stale.pid, owner: owner.pid, executable: "/bin/sleep"))
            // Its pid now runs another program than the one recorded.
            try write(.init(server: unrelated.pid, owner: owner.pid, executable: "/bin/cat"))
            // Its owner (this process) is alive.
            try write(.init(server: owned.pid, owner: getpid(), executable: "/bin/sleep"))

            #expect(records.reapStale() == [stale.pid])
            #expect(await stale.wait(timeout: 10) == 128 + SIGKILL)
            #expect(!unrelated.hasExited && !owned.hasExited)
            let left = try FileManager.default.contentsOfDirectory(atPath: records.directory.path)
            #expect(left == ["\(owned.pid).json"])
        }
    }

    @Test func serverIsRecordedWhileRunningAndForgottenWhenStopped() async throws {
        try await withTemporaryDirectory { directory in
            let records = ServerRecords(directory: directory.url.appendingPathComponent("servers"))
            let pid = try await withLocalModelServer(Self.configuration(records: records),
                                                     transport: CurlTransport()) { server in
                let files = try FileManager.default.contentsOfDirectory(atPath: records.directory.path)
                #expect(files == ["\(server.process.pid).json"])
                return server.process.pid
            }
            #expect(kill(pid, 0) != 0)
            #expect(try FileManager.default.contentsOfDirectory(atPath: records.directory.path).isEmpty)
        }
    }
}
