import FolioJobs
import FolioProviders
import FolioTesting
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `folio submit post` and `folio submit batch` as users run them: the job submitted, a
/// `folio worker --once` writing it against a loopback model, on a real Redis server and on a
/// SQLite file; and `folio jobs show --follow` left with Ctrl-C.
@Suite("Post and batch jobs", .serialized)
struct PostJobTests {
    typealias Backend = WorkerFleetTests.Backend

    /// The environment of a submitter or worker: the post commands' loopback model, the queue,
    /// the generation log in `directory/logs`.
    static func environment(_ server: LoopbackServer, _ directory: TemporaryDirectory, queue: String) -> [String: String] {
        var environment = PostCommandTests.environment(server, directory)
        environment["FOLIO_QUEUE"] = queue
        environment["LOGS_DIR"] = directory.appending("logs")
        return environment
    }

    /// A bare clone of the small repository `name`, as a `file://` URL.
    static func bareRepository(_ name: String, in directory: TemporaryDirectory) throws -> String {
        let root = try PostCommandTests.makeRepository(name, in: directory)
        let bare = directory.appending("remotes/\(name).git")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "clone", "-q", "--bare", root, bare]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return "file://" + bare
    }

    static func submit(_ arguments: [String], in directory: TemporaryDirectory,
                       environment: [String: String]) async throws -> String {
        let result = try await FolioBinary.run(["submit"] + arguments, in: directory, environment: environment, timeout: 60)
        #expect(result.code == 0, "stderr: \(result.stderr)")
        let id = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(Job.isValidID(id), "stdout: \(result.stdout)")
        return id
    }

    static func runWorkerOnce(in directory: TemporaryDirectory, environment: [String: String]) async throws {
        let worker = try await FolioBinary.run(["worker", "--once"], in: directory, environment: environment, timeout: 900)
        #expect(worker.code == 0, "stderr: \(worker.stderr)")
    }

    /// The job's result, decoded.
    static func result(_ job: Job?) throws -> [String: Any] {
        let text = try #require(job?.result, "no result: \(String(describing: job))")
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// Every line of the generation log.
    static func logLines(_ directory: TemporaryDirectory) throws -> [[String: Any]] {
        let text = try String(contentsOfFile: directory.appending("logs/generations.jsonl"), encoding: .utf8)
        return try text.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    @Test(arguments: Backend.allCases)
    func aPostJobWritesOneVersionAndItsRerunAddsNone(_ backend: Backend) async throws {
        try await withTemporaryDirectory { directory in
            try await backend.with(directory) { queueURL in
                try await withLoopbackServer(PostCommandTests.answer) { server in
                    var environment = Self.environment(server, directory, queue: queueURL)
                    environment["JOB_LEASE_SECONDS"] = "2"
                    let url = try Self.bareRepository("chartkit", in: directory)
                    let id = try await Self.submit(["post", "--repo", url, "--style", "story"], in: directory,
                                                   environment: environment)
                    try await Self.runWorkerOnce(in: directory, environment: environment)

                    let queue = try WorkerFleetTests.openQueue(queueURL)
                    let job = try #require(try await queue.get(id: id))
                    #expect(job.status == .done, "\(job)")
                    #expect(job.progress == JobProgress(completed: 2, total: 2, message: "version 1 written"))
                    let result = try Self.result(job)
                    let file = directory.appending("posts/chartkit/post.json")
                    #expect(result["version"] as? Int == 1 && result["reused"] as? Bool == false, "\(result)")
                    #expect(result["post"] as? String == URL(fileURLWithPath: file).standardizedFileURL.path, "\(result)")
                    #expect(result["repository"] as? String == url)
                    let saved = try #require(try JSONSerialization.jsonObject(
                        with: Data(contentsOf: URL(fileURLWithPath: file))) as? [String: Any])
                    let versions = try #require(saved["versions"] as? [[String: Any]])
                    #expect(versions.count == 1)
                    #expect((versions.first?["brief"] as? [String: Any])?["style"] as? String == "story")
                    #expect(versions.first?["commit"] as? String == result["commit"] as? String)

                    // Every model call of the job is logged with its id.
                    let calls = try Self.logLines(directory).filter { $0["command"] as? String == "worker" }
                    #expect(!calls.isEmpty)
                    #expect(calls.allSatisfy { $0["job_id"] as? String == id }, "\(calls.map { $0["job_id"] ?? "none" })")

                    // A new brief for the same commit: a job whose first worker saved version 2 and died
                    // before completing it (its lease taken and never renewed; the post written meanwhile
                    // with the same flags). The next worker takes the job over and adds no version.
                    let other = try await Self.submit(["post", "--repo", url, "--style", "tutorial"], in: directory,
                                                      environment: environment)
                    let gone = try JobQueueLocation(queueURL).open(options: JobQueueOptions(leaseDuration: .seconds(1)))
                    let lease = try #require(try await gone.lease(worker: "gone:1", wait: .milliseconds(200)))
                    #expect(lease.job.id == other)
                    let effect = try await FolioBinary.run(["post", "--repo", url, "--style", "tutorial"], in: directory,
                                                           environment: environment, timeout: 600)
                    #expect(effect.code == 0, "\(effect.stderr)")
                    try await Task.sleep(for: .seconds(2.5))
                    try await Self.runWorkerOnce(in: directory, environment: environment)
                    let rerun = try #require(try await queue.get(id: other))
                    #expect(rerun.status == .done && rerun.attempts == 2, "\(rerun)")
                    let reused = try Self.result(rerun)
                    #expect(reused["version"] as? Int == 2 && reused["reused"] as? Bool == true, "\(reused)")
                    let kept = try #require(try JSONSerialization.jsonObject(
                        with: Data(contentsOf: URL(fileURLWithPath: file))) as? [String: Any])
                    #expect((kept["versions"] as? [[String: Any]])?.count == 2)
                    #expect(!(try Self.logLines(directory)).contains { $0["job_id"] as? String == other },
                            "the re-run called the model")
                }
            }
        }
    }

    @Test(arguments: Backend.allCases)
    func aBatchJobReportsRepoProgressItsExportAndTheFailedLine(_ backend: Backend) async throws {
        try await withTemporaryDirectory { directory in
            try await backend.with(directory) { queueURL in
                // Each answer a little slow, so the worker's heartbeat stores every repository's progress.
                try await withLoopbackServer({ [.sleep(seconds: 0.4)] + PostCommandTests.answer($0) }) { server in
                    let environment = Self.environment(server, directory, queue: queueURL)
                    let lines = ["# three repositories, the last one gone", try Self.bareRepository("tool1", in: directory),
                                 try PostCommandTests.makeRepository("tool2", in: directory),
                                 "file://" + directory.appending("remotes/nowhere.git")]
                    let list = directory.appending("repos.txt")
                    try lines.joined(separator: "\n").write(toFile: list, atomically: true, encoding: .utf8)
                    let id = try await Self.submit(["batch", "--repos", list, "--format", "csv", "--jobs", "1"],
                                                   in: directory, environment: environment)
                    let follow = try FolioBinary.start(["jobs", "show", id, "--follow"], in: directory, environment: environment)
                    try await Self.runWorkerOnce(in: directory, environment: environment)
                    #expect(await follow.finish(timeout: 60) == 0, "stderr: \(follow.stderr)")

                    let queue = try WorkerFleetTests.openQueue(queueURL)
                    let job = try #require(try await queue.get(id: id))
                    #expect(job.status == .done, "\(job)")
                    #expect(job.progress?.completed == 3 && job.progress?.total == 3, "\(String(describing: job.progress))")
                    let shown = follow.stdout
                    // The first repository takes seconds, so its end is seen mid-run; the last two end together.
                    #expect(shown.contains("\(id) running · repo 1/3 (33 %) · \(lines[1]) ok\n"), "stdout: \(shown)")
                    #expect(shown.contains("\(id) done · repo 3/3 (100 %)\n"), "stdout: \(shown)")
                    #expect(shown.contains("progress: repo 3/3 (100 %) · 2 ok · 0 skipped · 1 failed"), "stdout: \(shown)")

                    let result = try Self.result(job)
                    #expect(result["repositories"] as? Int == 3 && result["ok"] as? Int == 2 && result["failed"] as? Int == 1,
                            "\(result)")
                    let failures = try #require(result["failures"] as? [[String: Any]])
                    #expect(failures.count == 1 && failures.first?["line"] as? Int == 4, "\(failures)")
                    #expect((failures.first?["reason"] as? String)?.hasSuffix("nowhere.git' does not appear to be a git repository") == true, "\(failures)")
                    let output = try #require((result["output"] as? [String])?.first, "\(result)")
                    #expect(output == URL(fileURLWithPath: directory.appending("posts/batch-\(id).csv")).standardizedFileURL.path)
                    let csv = try String(contentsOfFile: output, encoding: .utf8)
                    #expect(csv.contains("tool1") && csv.contains("tool2"), "\(csv)")
                    #expect(result["exported"] as? Int == 2)

                    let calls = try Self.logLines(directory).filter { $0["command"] as? String == "worker" }
                    #expect(!calls.isEmpty && calls.allSatisfy { $0["job_id"] as? String == id })

                    // Run again, the batch keeps both posts and replaces its own export.
                    let again = try await queue.enqueue(JobSubmission(kind: job.kind, title: job.title, payload: job.payload))
                    try await Self.runWorkerOnce(in: directory, environment: environment)
                    let rerun = try Self.result(try await queue.get(id: again.id))
                    #expect(rerun["skipped"] as? Int == 2 && rerun["ok"] as? Int == 0 && rerun["failed"] as? Int == 1, "\(rerun)")
                    for name in ["tool1", "tool2"] {
                        let post = try #require(try JSONSerialization.jsonObject(
                            with: Data(contentsOf: URL(fileURLWithPath: directory.appending("posts/\(name)/post.json")))) as? [String: Any])
                        #expect((post["versions"] as? [[String: Any]])?.count == 1, "\(name)")
                    }
                }
            }
        }
    }

    @Test func badListsAndRepositoriesAreRefusedAtSubmitWithNothingQueued() async throws {
        try await withTemporaryDirectory { directory in
            let queueURL = "sqlite:" + directory.appending("jobs.sqlite")
            let environment = ["FOLIO_QUEUE": queueURL]
            try "\(directory.path)\nftp://nowhere/x\n".write(toFile: directory.appending("bad.txt"), atomically: true, encoding: .utf8)
            for arguments in [["submit", "batch", "--repos", directory.appending("missing.txt")],
                              ["submit", "batch", "--repos", directory.appending("bad.txt")],
                              ["submit", "batch", "--repos", directory.appending("bad.txt"), "--output", "-"],
                              ["submit", "post", "--repo", "ftp://nowhere/x"],
                              ["submit", "post", "--repo", directory.appending("no-such-folder")],
                              ["submit", "post", "--repo", directory.path, "--hook", "shout"]] {
                let result = try await FolioBinary.run(arguments, in: directory, environment: environment, timeout: 60)
                #expect(result.code == 2, "\(arguments): \(result.stderr)")
                #expect(result.stderr.split(separator: "\n").count == 1 && result.stdout.isEmpty, "\(arguments): \(result.stderr)")
            }
            let listed = try await FolioBinary.run(["submit", "batch", "--repos", directory.appending("bad.txt")], in: directory,
                                                   environment: environment, timeout: 60)
            #expect(listed.stderr.contains("bad.txt line 2: no repository at ftp://nowhere/x"), "\(listed.stderr)")
            let jobs = try await FolioBinary.run(["jobs"], in: directory, environment: environment, timeout: 60)
            #expect(jobs.stdout == "no jobs\n", "\(jobs.stdout)")
        }
    }

    @Test func ctrlCOnFollowLeavesTheJobAndSaysHowToLookAgain() async throws {
        try await withTemporaryDirectory { directory in
            let environment = ["FOLIO_QUEUE": "sqlite:" + directory.appending("jobs.sqlite")]
            let id = try await Self.submit(["generate", "--title", "Later", "--instructions", "A calm story."], in: directory,
                                           environment: environment)
            let follow = try FolioBinary.start(["jobs", "show", id, "--follow"], in: directory, environment: environment)
            #expect(try await WorkerFleetTests.waitUntil(30) { follow.stdout.contains("\(id) queued") }, "\(follow.stderr)")
            follow.process.send(SIGINT)
            #expect(await follow.finish(timeout: 30) == 130)
            let lines = follow.stderr.split(separator: "\n")
            #expect(lines.count == 1, "stderr: \(follow.stderr)")
            #expect(lines.first?.contains("stopped following; job \(id) is still queued in the background") == true,
                    "stderr: \(follow.stderr)")
            #expect(lines.first?.contains("'folio jobs show \(id) --follow' to look again") == true)
            let queue = try WorkerFleetTests.openQueue(environment["FOLIO_QUEUE"]!)
            #expect(try await queue.get(id: id)?.status == .queued)
        }
    }
}
