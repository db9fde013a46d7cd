import FolioJobs
import FolioProviders
import FolioRedis
import FolioTesting
import Foundation
import Synchronization
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `folio submit`, `folio jobs` and `folio worker` as users run them: real worker processes
/// on one Redis server or one SQLite file, a loopback provider scripting the model, and
/// workers killed, stopped and cancelled mid-job.
@Suite("Worker fleet", .serialized)
struct WorkerFleetTests {
    /// The queues the fleet tests run against.
    enum Backend: String, CaseIterable, CustomTestStringConvertible {
        case redis, sqlite
        var testDescription: String { rawValue }

        func with(_ directory: TemporaryDirectory, _ body: (String) async throws -> Void) async throws {
            switch self {
            case .redis: try await withRedisServer { try await body($0.url) }
            case .sqlite: try await body("sqlite:" + directory.appending("queue/jobs.sqlite"))
            }
        }
    }

    /// The model's side: outlines and chapters, with every fully served chapter counted per
    /// book (the `marker-N` in its instructions) and chapter, and chosen books held mid-chapter.
    final class Provider: Sendable {
        private let served = Mutex<[String: Int]>([:])
        private let holds = Mutex<[String: Int]>([:])
        private let asked = Mutex<Set<String>>([])

        /// Makes the first `times` requests for chapter 1 of `marker` hang (never answered in full).
        func hold(_ marker: String, times: Int = 1) { holds.withLock { $0[marker] = times } }

        /// Whether chapter 1 of `marker` was asked for.
        func wasAsked(_ marker: String) -> Bool { asked.withLock { $0.contains(marker) } }

        /// Chapters answered in full, by `marker/chapter`.
        var fullAnswers: [String: Int] { served.withLock { $0 } }


        func answer(_ request: LoopbackRequest) -> [LoopbackAction] {
            let body = request.bodyText
            guard request.method == "POST", let number = ProviderCommandTests.chapterAsked(body),
                  let marker = body.firstMatch(of: /marker-\d+/).map({ String($0.output) }) else {
                return ProviderCommandTests.answer(request)
            }
            let chapter = String(number)
            if chapter == "1" { asked.withLock { _ = $0.insert(marker) } }
            let hold = chapter == "1" && holds.withLock { holds in
                guard let left = holds[marker], left > 0 else { return false }
                holds[marker] = left - 1
                return true
            }
            let head = LoopbackAction.head(status: 200, headers: ["Content-Type": "text/event-stream"])
            if hold {
                return [head, .send(ProviderWire.stream(.openAI, pieces: ["Waiting "])[0]), .sleep(seconds: 90)]
            }
            let key = "\(marker)/\(chapter)"
            // Each chapter its own text, so the chapter guards never ask again and every full
            // answer is one chapter written.
            let pieces = chapter == "1" ? ProviderCommandTests.streamed : ProviderCommandTests.secondChapter
            return [head] + ProviderWire.stream(.openAI, pieces: pieces).map { .send($0) }
                + [.perform { self.served.withLock { $0[key, default: 0] += 1 } }, .end]
        }
    }

    static func environment(_ server: LoopbackServer, queue: String, books: String) -> [String: String] {
        ProviderCommandTests.environment(server, ["LOG_LEVEL": "warning", "RAG_MODE": "disabled", "FOLIO_QUEUE": queue,
                                                  "JOB_LEASE_SECONDS": "3", "BOOKS_DIR": books,
                                                  "LOGS_DIR": URL(fileURLWithPath: books).deletingLastPathComponent()
                                                      .appendingPathComponent("logs").path])
    }

    /// Runs `body` with a fresh folder, loopback provider and queue of `backend`, and the
    /// environment a worker or command needs for them (books in `directory/books`).
    static func withFleet(_ backend: Backend,
                          _ body: (TemporaryDirectory, Provider, String, [String: String]) async throws -> Void)
        async throws {
        try await withTemporaryDirectory { directory in
            let provider = Provider()
            try await backend.with(directory) { queueURL in
                try await withLoopbackServer(provider.answer) { server in
                    let environment = environment(server, queue: queueURL, books: directory.appending("books"))
                    try await body(directory, provider, queueURL, environment)
                }
            }
        }
    }

    static func submit(_ number: Int, in directory: TemporaryDirectory, environment: [String: String]) async throws -> String {
        let result = try await FolioBinary.run(
            ["submit", "generate", "--provider", "openai", "--title", "Book \(number)",
             "--instructions", "A calm story, marker-\(number).", "--chapters", "2", "--words-per-chapter", "40"],
            in: directory, environment: environment, timeout: 60)
        #expect(result.code == 0, "stderr: \(result.stderr)")
        let id = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(Job.isValidID(id), "stdout: \(result.stdout)")
        return id
    }

    static func openQueue(_ url: String) throws -> any JobQueue {
        try JobQueueLocation(url).open()
    }

    static func waitUntil(_ seconds: Double, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    @Test(arguments: Backend.allCases)
    func threeWorkersFinishThirtyBooksExactlyOnceThoughOneIsKilledMidJob(_ backend: Backend) async throws {
        try await Self.withFleet(backend) { directory, provider, queueURL, environment in
            let books = directory.appending("books")
            let victim = 5
            provider.hold("marker-\(victim)")
            var ids: [String] = []
            for number in 1...30 { ids.append(try await Self.submit(number, in: directory, environment: environment)) }
            let workers = try (1...3).map { _ in
                try FolioBinary.start(["worker", "--provider", "openai"], in: directory, environment: environment)
            }
            let queue = try Self.openQueue(queueURL)
            // Kill whichever worker holds the victim's book, mid-chapter.
            #expect(try await Self.waitUntil(120) { provider.wasAsked("marker-\(victim)") }, "the victim never started")
            let victimJob = try #require(try await queue.get(id: ids[victim - 1]))
            let holder = try #require(workers.first { victimJob.worker?.hasSuffix(":\($0.process.pid)") == true },
                                      "holder \(victimJob.worker ?? "none")")
            holder.process.send(SIGKILL)
            #expect(await holder.finish(timeout: 30) == 128 + SIGKILL)

            let allDone = try await Self.waitUntil(240) {
                try await queue.list(status: .done, limit: 100).count == 30
            }
            let jobs = try await queue.list(status: nil, limit: 100)
            #expect(allDone, "not done: \(jobs.filter { $0.status != .done }.map { "\($0.id) \($0.status) \($0.error ?? "")" })")
            // Every job was completed once: one `done` line per id across every worker's log.
            let logs = workers.map(\.stderr).joined(separator: "\n")
            for id in ids {
                #expect(logs.components(separatedBy: "job \(id) done").count - 1 == 1, "job \(id) in: \(logs.suffix(2000))")
            }
            // No chapter was written twice: each was answered in full once, and every book is complete.
            let answers = provider.fullAnswers
            #expect(answers.count == 60, "\(answers.count) chapters answered")
            #expect(answers.values.allSatisfy { $0 == 1 }, "\(answers.filter { $0.value != 1 })")
            for number in 1...30 {
                let manifest = try BookFolderTests.manifest("\(books)/book-\(number)")
                let chapters = try #require(manifest["chapters"] as? [[String: Any]])
                #expect(chapters.map { $0["status"] as? String } == ["complete", "complete"])
            }
            let taken = try #require(try await queue.get(id: ids[victim - 1]))
            #expect(taken.attempts == 2 && taken.worker != victimJob.worker, "\(taken)")

            for worker in workers where worker.process.pid != holder.process.pid {
                worker.process.send(SIGTERM)
                #expect(await worker.finish(timeout: 30) == 0, "stderr: \(worker.stderr.suffix(500))")
            }
        }
    }

    @Test(arguments: Backend.allCases)
    func sigtermReleasesTheRunningJobAndAnotherWorkerResumesIt(_ backend: Backend) async throws {
        try await Self.withFleet(backend) { directory, provider, queueURL, environment in
            provider.hold("marker-1")
            let id = try await Self.submit(1, in: directory, environment: environment)
            let first = try FolioBinary.start(["worker", "--provider", "openai", "--grace", "1"], in: directory,
                                              environment: environment)
            #expect(try await Self.waitUntil(120) { provider.wasAsked("marker-1") })
            first.process.send(SIGTERM)
            #expect(await first.finish(timeout: 60) == 0, "stderr: \(first.stderr)")
            #expect(first.stderr.contains("job \(id) released"), "stderr: \(first.stderr)")
            let queue = try Self.openQueue(queueURL)
            let released = try #require(try await queue.get(id: id))
            #expect(released.status == .queued && released.attempts == 0, "\(released)")

            let second = try await FolioBinary.run(["worker", "--provider", "openai", "--once"], in: directory,
                                                   environment: environment, timeout: 120)
            #expect(second.code == 0, "stderr: \(second.stderr)")
            #expect(try await queue.get(id: id)?.status == .done)
            let shown = try await FolioBinary.run(["jobs", "show", id, "--json"], in: directory,
                                                  environment: environment, timeout: 60)
            let job = try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
            #expect(job["status"] as? String == "done")
            let result = try #require((job["result"] as? String).map { Data($0.utf8) })
            let written = try #require(try JSONSerialization.jsonObject(with: result) as? [String: Any])
            #expect(written["chapters"] as? Int == 2 && (written["folder"] as? String)?.hasSuffix("/book-1") == true)
            // Both workers logged every call and assessment of the book with the job's id.
            let logged = try PostJobTests.logLines(directory).filter { $0["command"] as? String == "worker" }
            #expect(logged.contains { $0["purpose"] as? String == "chapter:book-1:2" } && logged.count > 3, "\(logged.count) lines")
            #expect(logged.allSatisfy { $0["job_id"] as? String == id }, "\(logged.map { $0["job_id"] ?? "none" })")
        }
    }

    @Test(arguments: Backend.allCases)
    func cancellingARunningJobStopsItAndTheWorkerCarriesOn(_ backend: Backend) async throws {
        try await Self.withFleet(backend) { directory, provider, queueURL, environment in
            let books = directory.appending("books")
            provider.hold("marker-1")
            let id = try await Self.submit(1, in: directory, environment: environment)
            let worker = try FolioBinary.start(["worker", "--provider", "openai"], in: directory, environment: environment)
            #expect(try await Self.waitUntil(120) { provider.wasAsked("marker-1") })
            let cancel = try await FolioBinary.run(["jobs", "cancel", id], in: directory, environment: environment, timeout: 60)
            #expect(cancel.code == 0, "stderr: \(cancel.stderr)")
            let queue = try Self.openQueue(queueURL)
            #expect(try await Self.waitUntil(30) { try await queue.get(id: id)?.status == .cancelled })
            #expect(worker.stderr.contains("job \(id) cancelled"), "stderr: \(worker.stderr)")
            #expect(!FileManager.default.fileExists(atPath: books + "/book-1/chapters/01-the-lamp.md"))

            // The worker is still there for the next job, and `--follow` shows it to the end.
            let next = try await Self.submit(2, in: directory, environment: environment)
            let follow = try await FolioBinary.run(["jobs", "show", next, "--follow"], in: directory,
                                                   environment: environment, timeout: 120)
            #expect(follow.code == 0, "stderr: \(follow.stderr)")
            #expect(follow.stdout.contains("\(next) done"), "stdout: \(follow.stdout)")
            #expect(follow.stdout.contains("status: done"), "stdout: \(follow.stdout)")
            let list = try await FolioBinary.run(["jobs"], in: directory, environment: environment, timeout: 60)
            let rows = list.stdout.split(separator: "\n")
            #expect(rows.first?.hasPrefix("ID") == true && rows.count == 3, "stdout: \(list.stdout)")
            #expect(rows.dropFirst().first?.hasPrefix(next) == true, "newest first: \(list.stdout)")
            #expect(rows.last?.contains("cancelled") == true, "stdout: \(list.stdout)")
            worker.process.send(SIGTERM)
            #expect(await worker.finish(timeout: 30) == 0)
        }
    }

    @Test func badQueuesAndBadFlagsAreRefusedWithOneLine() async throws {
        try await withTemporaryDirectory { directory in
            for arguments in [["jobs", "--queue", "postgres://x"], ["worker", "--queue", "redis://host:99999/0"],
                              ["submit", "generate", "--title", "T", "--instructions", "I", "--chapters", "0"],
                              ["jobs", "show", "not/an/id"]] {
                let result = try await FolioBinary.run(arguments, in: directory, timeout: 60)
                #expect(result.code == 2, "\(arguments): \(result.stderr)")
                #expect(result.stderr.split(separator: "\n").count == 1, "\(arguments): \(result.stderr)")
                #expect(result.stdout.isEmpty)
            }
            let environment = ["FOLIO_QUEUE": "sqlite:" + directory.appending("jobs.sqlite")]
            let missing = try await FolioBinary.run(["jobs", "cancel", "jnosuchjob"], in: directory,
                                                    environment: environment, timeout: 60)
            #expect(missing.code == 2 && missing.stderr.contains("no job jnosuchjob"), "\(missing.stderr)")
            let badEnvironment = try await FolioBinary.run(["jobs"], in: directory,
                                                           environment: ["FOLIO_QUEUE": "ftp://nowhere"], timeout: 60)
            #expect(badEnvironment.code == 2 && badEnvironment.stderr.split(separator: "\n").count == 1)
            #expect(!FileManager.default.fileExists(atPath: directory.appending(".folio")), "a refused command wrote a queue")
        }
    }
}
