import Foundation
import Testing
import FolioProviders
import FolioTesting
#if canImport(Glibc)
import Glibc
#endif

/// `folio generate` and `folio stream` against the real bundled model, driven as a user would.
/// Serialized: each run starts its own llama-server and the machine has two cores.
@Suite(.serialized) struct LocalModelCommandTests {
    /// A link to the bundled model under a unique name, so the test can tell its own
    /// llama-server apart from any other on the machine.
    static func uniqueModel(in directory: TemporaryDirectory) throws -> String {
        let link = directory.appending("model-\(UUID().uuidString.prefix(8)).gguf")
        try FileManager.default.createSymbolicLink(
            atPath: link, withDestinationPath: FolioBinary.environment()["LOCAL_MODEL_PATH"]!)
        return link
    }

    /// The book seed of every run here: the bundled model then writes the same books each time.
    static let seed = "1234"

    static func chapterFiles(_ book: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: book + "/chapters").sorted()
    }

    @Test func generateWritesABookAndStreamsExactlyTheSavedText() async throws {
        try await withTemporaryDirectory { directory in
            let model = try Self.uniqueModel(in: directory)
            let books = directory.appending("books")
            let arguments = ["generate", "--title", "The Glass Orchard",
                             "--instructions", "A short fable about a gardener who grows glass apples.",
                             "--chapters", "2", "--words-per-chapter", "60", "--books-dir", books]
            let result = try await FolioBinary.run(arguments, in: directory,
                                                   environment: ["LOCAL_MODEL_PATH": model, "BOOK_SEED": Self.seed])
            #expect(result.code == 0, "stderr: \(result.stderr)")

            let book = books + "/the-glass-orchard"
            let files = try Self.chapterFiles(book)
            #expect(files.count == 2)
            #expect(files.allSatisfy { $0.hasSuffix(".md") })
            #expect(files[0].hasPrefix("01-") && files[1].hasPrefix("02-"))
            let saved = try files.map { try String(contentsOfFile: "\(book)/chapters/\($0)", encoding: .utf8) }
            #expect(result.stdout == saved.joined(), "stdout differs from the saved chapters")
            for (index, text) in saved.enumerated() {
                #expect(text.hasPrefix("# Chapter \(index + 1): "))
                let body = text.split(separator: "\n", maxSplits: 1).last ?? ""
                #expect(body.split(whereSeparator: \.isWhitespace).count >= 5, "chapter \(index + 1) is nearly empty")
            }

            let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: book + "/book.json")))
            let manifest = try #require(json as? [String: Any])
            #expect(manifest["title"] as? String == "The Glass Orchard")
            #expect((manifest["outline"] as? [Any])?.count == 2)
            let chapters = try #require(manifest["chapters"] as? [[String: Any]])
            #expect(chapters.map { $0["status"] as? String } == ["complete", "complete"])
            #expect(chapters.allSatisfy { $0["provider"] as? String == "local" })
            #expect(chapters.allSatisfy { (($0["usage"] as? [String: Any])?["completion_tokens"] as? Int ?? 0) > 0 })
            #expect(result.stderr.contains("chapter 2/2 ·"))
            #expect(result.stderr.contains("tok/s"))
            #expect(ProcessTable.processes(mentioning: model).isEmpty, "llama-server left running")

            // The same title again: nothing is rewritten.
            let before = try FileManager.default.attributesOfItem(atPath: "\(book)/chapters/\(files[0])")
            let again = try await FolioBinary.run(arguments, in: directory,
                                                  environment: ["LOCAL_MODEL_PATH": model, "BOOK_SEED": Self.seed])
            #expect(again.code == 0)
            #expect(again.stderr.contains("already complete"))
            let after = try FileManager.default.attributesOfItem(atPath: "\(book)/chapters/\(files[0])")
            #expect(before[.modificationDate] as? Date == after[.modificationDate] as? Date)
        }
    }

    @Test func aBookSeedWritesTheSameBookTwice() async throws {
        var books: [String] = []
        for _ in 0..<2 {
            // A fresh folder each time: no response cache to replay, the model writes it again.
            books.append(try await withTemporaryDirectory { directory in
                let model = try Self.uniqueModel(in: directory)
                let result = try await FolioBinary.run(
                    ["generate", "--title", "The Salt Road",
                     "--instructions", "A short tale about a girl who carries salt over the mountains to trade.",
                     "--chapters", "2", "--words-per-chapter", "50", "--books-dir", directory.appending("books")],
                    in: directory, environment: ["LOCAL_MODEL_PATH": model, "BOOK_SEED": Self.seed])
                #expect(result.code == 0, "stderr: \(result.stderr)")
                return result.stdout
            })
        }
        #expect(books[0].contains("# Chapter 2:"))
        #expect(books[0] == books[1], "the same seed wrote two different books")
    }

    @Test func interruptDuringChapterTwoKeepsChapterOneAndResumeFinishesTheBook() async throws {
        try await withTemporaryDirectory { directory in
            let model = try Self.uniqueModel(in: directory)
            let books = directory.appending("books")
            let arguments = ["generate", "--title", "Salt and Static",
                             "--instructions", "A radio operator on a fishing boat hears a voice from the past.",
                             "--chapters", "3", "--words-per-chapter", "120", "--books-dir", books]
            let run = try FolioBinary.start(arguments, in: directory,
                                            environment: ["LOCAL_MODEL_PATH": model, "BOOK_SEED": Self.seed])
            // Wait until chapter 2 is streaming, then press Ctrl-C.
            let deadline = Date().addingTimeInterval(300)
            while Date() < deadline {
                if let range = run.stdout.range(of: "# Chapter 2:"), run.stdout[range.upperBound...].count > 40 { break }
                if run.process.hasExited { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(!run.process.hasExited, "folio ended before chapter 2 streamed: \(run.stderr)")
            run.process.send(SIGINT)
            let code = await run.finish(timeout: 30)
            #expect(code == 130, "stderr: \(run.stderr)")
            #expect(ProcessTable.processes(mentioning: model).isEmpty, "llama-server left running after Ctrl-C")

            let book = books + "/salt-and-static"
            let afterInterrupt = try Self.chapterFiles(book)
            #expect(afterInterrupt.count == 1, "files: \(afterInterrupt)")  // no half chapter, no temp file
            let chapterOne = "\(book)/chapters/\(afterInterrupt[0])"
            let textOne = try String(contentsOfFile: chapterOne, encoding: .utf8)
            let inode = try FileManager.default.attributesOfItem(atPath: chapterOne)[.systemFileNumber] as? Int
            #expect(run.stdout.hasPrefix(textOne))

            let resumed = try await FolioBinary.run(arguments + ["--resume"], in: directory,
                                                    environment: ["LOCAL_MODEL_PATH": model, "BOOK_SEED": Self.seed])
            #expect(resumed.code == 0, "stderr: \(resumed.stderr)")
            #expect(resumed.stderr.contains("resuming"))
            #expect(!resumed.stdout.contains("# Chapter 1:"))
            #expect(resumed.stdout.hasPrefix("# Chapter 2:"))
            let files = try Self.chapterFiles(book)
            #expect(files.count == 3)
            #expect(try String(contentsOfFile: chapterOne, encoding: .utf8) == textOne)
            #expect(try FileManager.default.attributesOfItem(atPath: chapterOne)[.systemFileNumber] as? Int == inode)
            let later = try files.dropFirst().map { try String(contentsOfFile: "\(book)/chapters/\($0)", encoding: .utf8) }
            #expect(resumed.stdout == later.joined())
        }
    }

    @Test func readerGoingAwayDoesNotKillTheRunOrOrphanTheServer() async throws {
        try await withTemporaryDirectory { directory in
            let model = try Self.uniqueModel(in: directory)
            let books = directory.appending("books")
            // stdout is a pipe whose reader closes at once, as `folio generate … | head -c 1` would.
            let fifo = directory.appending("stdout.fifo")
            #expect(mkfifo(fifo, 0o600) == 0)
            let reader = open(fifo, O_RDONLY | O_NONBLOCK | O_CLOEXEC)  // the child must not hold it open
            #expect(reader >= 0)
            let stderrPath = directory.appending("stderr.txt")
            let process = try ChildProcess(
                executable: FolioBinary.path,
                arguments: ["generate", "--title", "Closed Pipe", "--instructions", "A plumber's short tale.",
                            "--chapters", "2", "--words-per-chapter", "40", "--books-dir", books],
                environment: FolioBinary.environment(["LOCAL_MODEL_PATH": model, "CACHE_DIR": directory.appending("cache"),
                                                      "BOOK_SEED": Self.seed]),
                stdoutPath: fifo, stderrPath: stderrPath)
            close(reader)
            let code = await process.wait(timeout: 300)
            let stderr = (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
            #expect(code == 0, "stderr: \(stderr)")
            #expect(ProcessTable.processes(mentioning: model).isEmpty, "llama-server orphaned")
            ProcessTable.processes(mentioning: model).forEach { kill($0, SIGKILL) }
            #expect(try Self.chapterFiles(books + "/closed-pipe").count == 2)
        }
    }

    @Test func streamPrintsOneCompletion() async throws {
        try await withTemporaryDirectory { directory in
            let model = try Self.uniqueModel(in: directory)
            let result = try await FolioBinary.run(
                ["stream", "--max-tokens", "24", "--temperature", "0", "Name three colours."],
                in: directory, environment: ["LOCAL_MODEL_PATH": model], timeout: 120)
            #expect(result.code == 0, "stderr: \(result.stderr)")
            #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines).count > 5)
            #expect(result.stderr.isEmpty, "stderr: \(result.stderr)")
            #expect(ProcessTable.processes(mentioning: model).isEmpty)
        }
    }

    @Test func streamBrokenMidWayIsContinuedByTheNextTier() async throws {
        try await withTemporaryDirectory { directory in
            let model = try Self.uniqueModel(in: directory)
            let first = #"data: {"choices":[{"index":0,"delta":{"content":"The lighthouse stood"}}]}"# + "\n\n"
            try await withLoopbackServer({ _ in
                [.head(status: 200, headers: ["Content-Type": "text/event-stream"]), .send(first), .closeAbruptly]
            }) { server in
                let result = try await FolioBinary.run(
                    ["stream", "--provider", "openai-compatible,local", "--max-tokens", "30",
                     "Write one sentence about a lighthouse."],
                    in: directory,
                    // No same-tier retries (RETRY_MAX=0): the next tier must take over at once.
                    environment: ["LOCAL_MODEL_PATH": model, "OPENAI_COMPATIBLE_BASE_URL": server.baseURL + "/v1",
                                  "RETRY_MAX": "0"],
                    timeout: 120)
                #expect(result.code == 0, "stderr: \(result.stderr)")
                #expect(result.stdout.hasPrefix("The lighthouse stood"))
                #expect(result.stdout.count > "The lighthouse stood".count + 3, "no continuation: \(result.stdout)")
                #expect(result.stderr.contains("provider openai-compatible failed"))
                // With retries off, the broken tier is not asked twice; the next tier takes over.
                #expect(server.requests.count == 1)
            }
        }
    }
}
