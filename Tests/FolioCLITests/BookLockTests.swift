import Foundation
import FolioProviders
import FolioTesting
import Synchronization
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// One run at a time writes a book (`BOOK/.lock`), and a crashed run leaves it free.
@Suite("Book lock")
struct BookLockTests {
    @Test func secondRunOnABookIsRefusedNamingTheHolderAndACrashFreesTheBook() async throws {
        try await withTemporaryDirectory { directory in
            let holding = Mutex(true)
            let chapterAsked = Mutex(false)
            try await withLoopbackServer({ request in
                let isChapter = request.path.hasSuffix("/chat/completions")
                    && ProviderCommandTests.chapterAsked(request.bodyText) == 1
                guard isChapter, holding.withLock({ $0 }) else { return ProviderCommandTests.answer(request) }
                chapterAsked.withLock { $0 = true }
                // Keep the first run busy inside chapter 1.
                return [.head(status: 200, headers: ["Content-Type": "text/event-stream"]),
                        .send(ProviderWire.stream(.openAI, pieces: ["Waiting "])[0]), .sleep(seconds: 120)]
            }) { server in
                let books = directory.appending("books")
                let folder = books + "/the-keeper"
                let arguments = BookFolderTests.generate("The Keeper", books: books)
                let first = try FolioBinary.start(arguments, in: directory, environment: BookFolderTests.environment(server))
                let deadline = Date().addingTimeInterval(120)
                while !chapterAsked.withLock({ $0 }), !first.process.hasExited, Date() < deadline {
                    try await Task.sleep(for: .milliseconds(20))
                }
                #expect(!first.process.hasExited, "first run ended early: \(first.stderr)")
                #expect(FileManager.default.fileExists(atPath: folder + "/.lock"))

                let second = try await FolioBinary.run(arguments, in: directory,
                                                       environment: BookFolderTests.environment(server), timeout: 60)
                #expect(second.code == 2, "stderr: \(second.stderr)")
                #expect(second.stderr.contains("process \(first.process.pid)"), "stderr: \(second.stderr)")
                #expect(second.stderr.split(separator: "\n").count == 1, "stderr: \(second.stderr)")
                #expect(second.stdout.isEmpty)

                // A holder killed outright leaves no lock behind.
                first.process.send(SIGKILL)
                #expect(await first.finish(timeout: 30) == 128 + SIGKILL)
                holding.withLock { $0 = false }
                let third = try await FolioBinary.run(arguments + ["--resume"], in: directory,
                                                      environment: BookFolderTests.environment(server), timeout: 120)
                #expect(third.code == 0, "stderr: \(third.stderr)")
                let chapters = try #require(try BookFolderTests.manifest(folder)["chapters"] as? [[String: Any]])
                #expect(chapters.map { $0["status"] as? String } == ["complete", "complete"])
                #expect(!FileManager.default.fileExists(atPath: folder + "/.lock"), "lock left after a finished run")
            }
        }
    }
}
