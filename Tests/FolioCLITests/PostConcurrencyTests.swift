import Foundation
import FolioTesting
import Testing

/// Several `folio` processes on one repository at once, through the built binary against the
/// loopback server: the first indexing of a commit and the feedback log are each written by one
/// process at a time, so every run succeeds and nothing is lost.
@Suite("Post concurrency")
struct PostConcurrencyTests {
    /// Prose enough that indexing takes a while, so two runs started together are indexing at once.
    static let paragraphs = (1...60).map { number in
        "Paragraph \(number) of the guide explains how chart number \(number) keeps its colours, "
            + "labels and axis titles when the data file grows by another column."
    }

    @Test func twoRunsIndexingAFreshRepositoryAtOnceBothSaveAVersion() async throws {
        try await withTemporaryDirectory { directory in
            try await withLoopbackServer(PostCommandTests.answer) { server in
                // Two fresh repositories, one after the other: each pair of runs races to index a new commit.
                for name in ["chartkit", "plotkit"] {
                    let root = try ScriptedPosts.makeRepository(name, in: directory.path, more: Self.paragraphs)
                    let environment = PostCommandTests.environment(server, directory)
                    async let first = FolioBinary.run(["post", "--repo", root, "--no-cache"], in: directory,
                                                      environment: environment, timeout: 600)
                    async let second = FolioBinary.run(["post", "--repo", root, "--no-cache"], in: directory,
                                                       environment: environment, timeout: 600)
                    let results = try await [first, second]
                    #expect(results.allSatisfy { $0.code == 0 }, "\(results.map(\.stderr))")
                    let versions = try PostStoreFile.versions(directory.appending("posts/\(name)/post.json"))
                    #expect(versions.compactMap { $0["version"] as? Int }.sorted() == [1, 2])
                    #expect(Set(versions.compactMap { $0["text"] as? String }).count == 1, "the same sources, the same post")
                }
                let stores = try FileManager.default.contentsOfDirectory(atPath: directory.appending("cache/repo-index"))
                #expect(stores.count == 2, "one store per repository commit: \(stores)")
                for store in stores {
                    #expect(!FileManager.default.fileExists(atPath: directory.appending("cache/repo-index/\(store)/.lock")))
                }
            }
        }
    }

    @Test func feedbackFromManyProcessesAtOnceKeepsEveryLine() async throws {
        try await withTemporaryDirectory { directory in
            try await withLoopbackServer(PostCommandTests.answer) { server in
                let root = try ScriptedPosts.makeRepository("chartkit", in: directory.path)
                let environment = PostCommandTests.environment(server, directory)
                let post = try await FolioBinary.run(["post", "--repo", root], in: directory, environment: environment, timeout: 600)
                #expect(post.code == 0, "\(post.stderr)")
                let notes = (1...6).map { "note \($0)" }
                let results = try await withThrowingTaskGroup(of: (code: Int32?, stdout: String, stderr: String).self) { group in
                    for note in notes {
                        group.addTask {
                            try await FolioBinary.run(["post", "feedback", "--repo", root, "--kind", "other", "--note", note],
                                                      in: directory, environment: environment, timeout: 120)
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(results.allSatisfy { $0.code == 0 }, "\(results.map(\.stderr))")
                let log = try String(contentsOfFile: directory.appending("posts/chartkit/feedback.jsonl"), encoding: .utf8)
                let lines = log.split(separator: "\n")
                #expect(lines.count == notes.count, "\(log)")
                for note in notes { #expect(lines.contains { $0.contains("\"note\":\"\(note)\"") }, "\(note) lost") }
                #expect(!FileManager.default.fileExists(atPath: directory.appending("posts/chartkit/.lock")))
            }
        }
    }
}
