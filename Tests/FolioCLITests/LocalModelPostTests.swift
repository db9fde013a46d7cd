import Foundation
import FolioTesting
import Testing

/// `folio post` with the real bundled model on a small generated repository: whatever the
/// model writes, what is saved is traced to the sources and checked against them.
@Suite(.serialized) struct LocalModelPostTests {
    @Test func theBundledModelWritesAPostTracedToTheRepository() async throws {
        try await withTemporaryDirectory { directory in
            let model = try LocalModelCommandTests.uniqueModel(in: directory)
            let root = try PostCommandTests.makeRepository("chartkit", in: directory)
            let result = try await FolioBinary.run(
                ["post", "--repo", root, "--json"], in: directory,
                environment: ["LOCAL_MODEL_PATH": model, "SAFETY_JUDGE": "offline", "POSTS_DIR": directory.appending("posts")],
                timeout: 1200)
            #expect(ProcessTable.processes(mentioning: model).isEmpty, "llama-server left running")
            // A model that gives nothing usable fails the post honestly (exit 1, nothing saved).
            guard result.code == 0 else {
                #expect(result.code == 1, "\(result.stderr)")
                #expect(!FileManager.default.fileExists(atPath: directory.appending("posts/chartkit/post.json")))
                return
            }
            let version = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            #expect(version["provider"] as? String == "local")
            let facts = try #require(version["facts"] as? [[String: Any]])
            #expect(facts.count >= 2)
            let readme = try String(contentsOfFile: root + "/README.md", encoding: .utf8).split(separator: "\n")
            for fact in facts {
                let first = try #require(fact["first_line"] as? Int)
                #expect(fact["file"] as? String == "README.md" && readme.indices.contains(first - 1))
            }
            let text = try #require(version["text"] as? String)
            #expect(text.split(whereSeparator: \.isWhitespace).count >= 20)
            #expect((version["safety"] as? [String: Any])?["claims"] is [Any])
            print("post by the bundled model:\n\(text)")
        }
    }
}
