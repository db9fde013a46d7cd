import Foundation
import FolioTesting
import Testing

/// `folio post` with the real bundled model (started on 127.0.0.1 by the binary) on a small
/// generated repository: it must save a post, and the post must be one a person could publish:
/// the hook alone on the first line, a body of the model's own sentences, no prompt or worked
/// example given back, no number the README lacks, 3–5 CamelCase hashtags, and every fact
/// traced to the README lines that say it.
@Suite(.serialized) struct LocalModelPostTests {
    static let readme = [
        "Each chart keeps the column names of its CSV file as axis labels.",
        "Run chartkit with the watch flag and it redraws a chart whenever its CSV file changes.",
        "Themes change the colours and fonts of every chart in a folder at once.",
        "Charts open in any web browser because they are plain SVG files.",
    ]

    @Test func theBundledModelWritesAPostTracedToTheRepository() async throws {
        try await withTemporaryDirectory { directory in
            let model = try LocalModelCommandTests.uniqueModel(in: directory)
            let root = try ScriptedPosts.makeRepository("chartkit", in: directory.path, more: Self.readme)
            let result = try await FolioBinary.run(
                ["post", "--repo", root, "--json"], in: directory,
                environment: ["LOCAL_MODEL_PATH": model, "SAFETY_JUDGE": "offline", "POSTS_DIR": directory.appending("posts")],
                timeout: 1500)
            #expect(ProcessTable.processes(mentioning: model).isEmpty, "llama-server left running")
            #expect(result.code == 0, "\(result.stderr)")
            let saved = try PostStoreFile.versions(directory.appending("posts/chartkit/post.json"))
            #expect(saved.count == 1)
            let version = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            #expect(version["provider"] as? String == "local")

            let readme = try String(contentsOfFile: root + "/README.md", encoding: .utf8)
            let lines = readme.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let facts = try #require(version["facts"] as? [[String: Any]])
            #expect(facts.count >= 2)
            for fact in facts {
                let first = try #require(fact["first_line"] as? Int), last = try #require(fact["last_line"] as? Int)
                #expect(fact["file"] as? String == "README.md")
                let quoted = lines[(first - 1)...(last - 1)].joined(separator: " ")
                #expect(quoted.contains(try #require(fact["text"] as? String)), "fact not at \(first)-\(last)")
            }

            let text = try #require(version["text"] as? String)
            let hook = try #require(version["hook"] as? String)
            let paragraphs = text.components(separatedBy: "\n\n")
            #expect(paragraphs.first == hook && !hook.contains("\n"))
            #expect((5...25).contains(hook.split(separator: " ").count), "\(hook)")
            #expect(paragraphs.count >= 2, "a hook and at least one body sentence: \(text)")
            for echo in ["Fact about", "Fact:", "Write one sentence", "Tidewater", "opens a post"] {
                #expect(!text.contains(echo), "prompt given back: \(text)")
            }
            let numbers = { (string: String) in Set(string.split { !$0.isNumber }.map(String.init)) }
            #expect(numbers(text).isSubset(of: numbers(readme)), "a number the README lacks: \(text)")
            // Every body sentence is about the project: it shares words with the README.
            let known = Set(readme.lowercased().split { !$0.isLetter }.filter { $0.count > 3 })
            for paragraph in paragraphs.dropFirst() {
                let words = paragraph.lowercased().split { !$0.isLetter }.filter { $0.count > 3 }
                #expect(words.filter(known.contains).count >= 2, "off topic: \(paragraph)")
            }
            let hashtags = try #require(version["hashtags"] as? [String])
            #expect((3...5).contains(hashtags.count), "\(hashtags)")
            #expect(hashtags.allSatisfy { $0.range(of: #"^#[A-Z][A-Za-z0-9]*$"#, options: .regularExpression) != nil })
            #expect((version["safety"] as? [String: Any])?["claims"] is [Any])
            print("post by the bundled model:\n\(text)\n\n\(hashtags.joined(separator: " "))")
        }
    }
}

/// The versions of a saved `post.json`, read as plain JSON.
enum PostStoreFile {
    static func versions(_ path: String) throws -> [[String: Any]] {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any]
        return object?["versions"] as? [[String: Any]] ?? []
    }
}
