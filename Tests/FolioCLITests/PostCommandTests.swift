import Foundation
import FolioTesting
import Testing

/// `folio post` and `folio batch` through the built binary, against a loopback OpenAI-style
/// server that answers each step of the post chain from what the prompt gives it.
@Suite("Post commands")
struct PostCommandTests {
    /// Answers like a capable model: each step of the post chain from what its prompt gives.
    static func answer(_ request: LoopbackRequest) -> [LoopbackAction] {
        if request.method == "GET" { return LoopbackAction.reply(body: #"{"data":[{"id":"m"}]}"#) }
        let body = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any]
        let messages = body?["messages"] as? [[String: Any]] ?? []
        let text = ScriptedPosts.answer(messages.last?["content"] as? String ?? "")
        return [.head(status: 200, headers: ["Content-Type": ProviderWire.contentType(.openAI)])]
            + ProviderWire.stream(.openAI, pieces: [text]).map { .send($0) } + [.end]
    }

    static func environment(_ server: LoopbackServer, _ directory: TemporaryDirectory) -> [String: String] {
        ProviderCommandTests.environment(server, [
            "LOG_LEVEL": "warning", "SAFETY_JUDGE": "offline", "POSTS_DIR": directory.appending("posts"),
            "CACHE_DIR": directory.appending("cache"), "FOLIO_PROVIDERS": "openai",
        ])
    }

    /// A small repository `name` with a README of its own, committed.
    static func makeRepository(_ name: String, in directory: TemporaryDirectory) throws -> String {
        try ScriptedPosts.makeRepository(name, in: directory.path)
    }

    @Test func postWritesAVersionWithFactsTracedToLines() async throws {
        try await withTemporaryDirectory { directory in
            try await withLoopbackServer(Self.answer) { server in
                let root = try Self.makeRepository("chartkit", in: directory)
                let result = try await FolioBinary.run(["post", "--repo", root, "--json"], in: directory,
                                                       environment: Self.environment(server, directory), timeout: 600)
                #expect(result.code == 0, "\(result.stderr)")
                let version = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
                #expect(version["version"] as? Int == 1)
                #expect(version["hook_type"] as? String == "how-to")
                let facts = try #require(version["facts"] as? [[String: Any]])
                #expect(facts.count >= 2)
                #expect(facts.allSatisfy { $0["file"] as? String == "README.md" && ($0["first_line"] as? Int ?? 0) >= 3 })
                #expect((version["safety"] as? [String: Any])?["confidence"] is Double)
                #expect((version["hashtags"] as? [String])?.contains("#Charts") == true)
                let text = try #require(version["text"] as? String)
                #expect(text.hasPrefix("Here is how to turn CSV files into charts with chartkit.\n\n"), "\(text)")
                #expect(text.contains("With chartkit, your CSV files turn into charts right from the command line."), "\(text)")

                let single = try await FolioBinary.run(["post", "diff", "--repo", root], in: directory,
                                                       environment: Self.environment(server, directory), timeout: 120)
                #expect(single.code == 2 && single.stderr.contains("has one version: nothing to compare yet"), "\(single.stderr)")

                // A second run adds version 2; feedback, revise and diff act on the versions.
                let again = try await FolioBinary.run(["post", "--repo", root], in: directory,
                                                      environment: Self.environment(server, directory), timeout: 600)
                #expect(again.code == 0, "\(again.stderr)")
                let feedback = try await FolioBinary.run(["post", "feedback", "--repo", root, "--kind", "too-long"], in: directory,
                                                         environment: Self.environment(server, directory), timeout: 120)
                #expect(feedback.code == 0, "\(feedback.stderr)")
                let log = try String(contentsOfFile: directory.appending("posts/chartkit/feedback.jsonl"), encoding: .utf8)
                #expect(log.contains("\"kind\":\"too-long\"") && log.contains("\"version\":2"))
                let revised = try await FolioBinary.run(["post", "revise", "--repo", root, "--json"], in: directory,
                                                        environment: Self.environment(server, directory), timeout: 600)
                #expect(revised.code == 0, "\(revised.stderr)")
                let third = try #require(try JSONSerialization.jsonObject(with: Data(revised.stdout.utf8)) as? [String: Any])
                #expect(third["version"] as? Int == 3)
                #expect(((third["brief"] as? [String: Any])?["feedback"] as? [String])?.contains("Fewer and shorter sentences.") == true)
                let diff = try await FolioBinary.run(["post", "diff", "--repo", root, "--from", "1", "--to", "3"], in: directory,
                                                     environment: Self.environment(server, directory), timeout: 120)
                #expect(diff.code == 0, "\(diff.stderr)")
                #expect(diff.stdout.hasPrefix("version 1 → version 3\n"))
                let missing = try await FolioBinary.run(["post", "diff", "--repo", root, "--to", "9"], in: directory,
                                                        environment: Self.environment(server, directory), timeout: 120)
                #expect(missing.code == 2 && missing.stderr.split(separator: "\n").count == 1, "\(missing.stderr)")
            }
        }
    }

    @Test func twoProcessesSavingVersionsAtOnceNumberThemApart() async throws {
        try await withTemporaryDirectory { directory in
            try await withLoopbackServer(Self.answer) { server in
                let root = try Self.makeRepository("chartkit", in: directory)
                // One run first, so both of the next find the repository indexed and race only to save.
                let warm = try await FolioBinary.run(["post", "--repo", root], in: directory,
                                                     environment: Self.environment(server, directory), timeout: 600)
                #expect(warm.code == 0, "\(warm.stderr)")
                async let first = FolioBinary.run(["post", "--repo", root, "--no-cache"], in: directory,
                                                  environment: Self.environment(server, directory), timeout: 600)
                async let second = FolioBinary.run(["post", "--repo", root, "--no-cache"], in: directory,
                                                   environment: Self.environment(server, directory), timeout: 600)
                let results = try await [first, second]
                #expect(results.allSatisfy { $0.code == 0 }, "\(results.map(\.stderr))")
                let versions = try PostStoreFile.versions(directory.appending("posts/chartkit/post.json"))
                #expect(versions.compactMap { $0["version"] as? Int }.sorted() == [1, 2, 3])
                #expect(!FileManager.default.fileExists(atPath: directory.appending("posts/chartkit/.lock")))
            }
        }
    }

    @Test func batchOfTwentyWithThreeBadEntriesWritesSeventeenPostsAndExitsOne() async throws {
        try await withTemporaryDirectory { directory in
            try await withLoopbackServer(Self.answer) { server in
                var lines = ["# twenty repositories, three of them bad", ""]
                for number in 1...17 { lines.append(try Self.makeRepository("tool\(number)", in: directory)) }
                try FileManager.default.createDirectory(atPath: directory.appending("empty"), withIntermediateDirectories: true)
                lines.insert(directory.appending("no-such-folder"), at: 5)
                lines.insert(directory.appending("empty"), at: 10)
                lines.insert("file://" + directory.appending("nowhere.git"), at: 15)
                lines.append(lines[2])  // a duplicate, dropped with a note
                try lines.joined(separator: "\n").write(toFile: directory.appending("repos.txt"), atomically: true, encoding: .utf8)
                let output = directory.appending("all.csv")
                let result = try await FolioBinary.run(
                    ["batch", "--repos", directory.appending("repos.txt"), "--format", "csv", "--output", output, "--jobs", "2"],
                    in: directory, environment: Self.environment(server, directory), timeout: 1800)
                #expect(result.code == 1, "\(result.stderr)")
                let failures = result.stderr.split(separator: "\n").filter { $0.hasPrefix("failed: line ") }
                #expect(failures.count == 3, "\(result.stderr)")
                #expect(failures.contains { $0.hasPrefix("failed: line 6 ") && $0.contains("no repository at") })
                #expect(failures.contains { $0.hasPrefix("failed: line 11 ") && $0.contains("nothing readable") })
                #expect(failures.contains { $0.hasPrefix("failed: line 16 ") && $0.contains("cannot clone") })
                #expect(result.stderr.contains("note: line 23: duplicate of line 3, skipped"), "\(result.stderr)")
                let progress = result.stderr.split(separator: "\n").filter { $0.hasPrefix("[") && $0.contains("/20] ") }
                #expect(progress.count == 20)
                let posts = try FileManager.default.contentsOfDirectory(atPath: directory.appending("posts"))
                    .filter { FileManager.default.fileExists(atPath: directory.appending("posts/\($0)/post.json")) }
                #expect(posts.count == 17)
                #expect(result.stdout.contains("20 repositories · 17 ok · 0 skipped · 3 failed"))
                #expect(FileManager.default.fileExists(atPath: output))

                // --resume skips the 17 whose commit already has a post.
                let resumed = try await FolioBinary.run(
                    ["batch", "--repos", directory.appending("repos.txt"), "--output", output, "--force", "--resume"],
                    in: directory, environment: Self.environment(server, directory), timeout: 1800)
                #expect(resumed.code == 1)
                #expect(resumed.stdout.contains("17 skipped"), "\(resumed.stdout)")

                let unusable = try await FolioBinary.run(["batch", "--repos", directory.appending("none.txt")], in: directory,
                                                         environment: Self.environment(server, directory), timeout: 60)
                #expect(unusable.code == 2 && unusable.stderr.split(separator: "\n").count == 1, "\(unusable.stderr)")
            }
        }
    }
}
