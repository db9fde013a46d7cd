import Foundation
import FolioProviders
import FolioTesting
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The local model server Folio starts: restarted when it dies mid-book, and never left
/// behind when Folio itself is killed. Real model; serialized (two cores).
@Suite(.serialized) struct ModelServerCrashTests {
    static func waitForChapterText(_ run: FolioBinary.Run, characters: Int) async throws {
        let deadline = Date().addingTimeInterval(300)
        while Date() < deadline, !run.process.hasExited {
            if let range = run.stdout.range(of: "# Chapter 1:"), run.stdout[range.upperBound...].count > characters {
                return
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    @Test func serverKilledMidChapterIsRestartedAndTheBookCompletes() async throws {
        try await withTemporaryDirectory { directory in
            let model = try LocalModelCommandTests.uniqueModel(in: directory)
            defer { ProcessTable.processes(mentioning: model).forEach { kill($0, SIGKILL) } }
            let books = directory.appending("books")
            let run = try FolioBinary.start(
                ["generate", "--title", "The Second Wind", "--instructions", "A sailor becalmed for days.",
                 "--chapters", "2", "--words-per-chapter", "120", "--books-dir", books],
                in: directory, environment: ["LOCAL_MODEL_PATH": model])
            try await Self.waitForChapterText(run, characters: 60)
            let servers = ProcessTable.processes(mentioning: model)
            #expect(servers.count == 1, "folio ended or no server: \(run.stderr)")
            servers.forEach { kill($0, SIGKILL) }

            let code = await run.finish(timeout: 400)
            #expect(code == 0, "stderr: \(run.stderr)")
            #expect(run.stderr.contains("restarting"), "stderr: \(run.stderr)")
            let book = books + "/the-second-wind"
            let files = try LocalModelCommandTests.chapterFiles(book)
            #expect(files.count == 2)
            let saved = try files.map { try String(contentsOfFile: "\(book)/chapters/\($0)", encoding: .utf8) }
            #expect(run.stdout == saved.joined(), "stdout differs from the saved chapters")
            #expect(ProcessTable.processes(mentioning: model).isEmpty, "llama-server left running")
        }
    }

    @Test func folioKilledOutrightTakesItsServerWithIt() async throws {
        try await withTemporaryDirectory { directory in
            let model = try LocalModelCommandTests.uniqueModel(in: directory)
            defer { ProcessTable.processes(mentioning: model).forEach { kill($0, SIGKILL) } }
            let run = try FolioBinary.start(
                ["generate", "--title", "Cut Short", "--instructions", "A story that never ends.",
                 "--chapters", "2", "--words-per-chapter", "200", "--books-dir", directory.appending("books")],
                in: directory, environment: ["LOCAL_MODEL_PATH": model])
            try await Self.waitForChapterText(run, characters: 10)
            #expect(ProcessTable.processes(mentioning: model).count == 1, "no server running: \(run.stderr)")
            run.process.send(SIGKILL)
            #expect(await run.finish(timeout: 30) == 128 + SIGKILL)
            let deadline = Date().addingTimeInterval(10)
            while !ProcessTable.processes(mentioning: model).isEmpty, Date() < deadline {
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(ProcessTable.processes(mentioning: model).isEmpty, "llama-server outlived folio")
        }
    }
}
