import Foundation
import FolioTesting
import Testing

/// `folio post` with a model that states a feature the repository does not have: the safety
/// chain catches it in `post.json`, `SAFETY_ACTION=rewrite` restates it from the repository's
/// own lines, and each version's scores reach the generation log and `folio stats`.
@Suite("Post safety")
struct PostSafetyTests {
    /// What the scripted model claims in its opening line: chartkit has no podcast studio.
    static let inventedFeature = "chartkit ships a built-in podcast studio with voice cloning."

    /// Answers as `PostCommandTests.answer` does, except that the opening line states the
    /// invented feature and a correction request is answered with the first evidence line.
    static func answer(_ request: LoopbackRequest) -> [LoopbackAction] {
        guard request.method == "POST" else { return PostCommandTests.answer(request) }
        let body = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any]
        let messages = body?["messages"] as? [[String: Any]] ?? []
        let system = messages.first?["content"] as? String ?? ""
        let prompt = messages.last?["content"] as? String ?? ""
        let text: String
        if system.contains("You correct sentences") {
            // The first evidence passage of prose (not the README's heading), its first sentence.
            let evidence = prompt.split(separator: "\n").first { $0.hasPrefix("- ") && $0.split(separator: " ").count > 6 }
            text = evidence.map { String($0.dropFirst(2).split(separator: ".").first ?? "") + "." } ?? "REMOVE"
        } else if prompt.contains("opening line") || prompt.contains("question") || prompt.contains("bold claim") {
            text = inventedFeature
        } else {
            return PostCommandTests.answer(request)
        }
        return [.head(status: 200, headers: ["Content-Type": ProviderWire.contentType(.openAI)])]
            + ProviderWire.stream(.openAI, pieces: [text]).map { .send($0) } + [.end]
    }

    /// The newest version in `posts/chartkit/post.json`.
    static func latest(in directory: TemporaryDirectory) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: directory.appending("posts/chartkit/post.json")))
        let post = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try #require((post["versions"] as? [[String: Any]])?.last)
    }

    @Test func anInventedFeatureIsCaughtThenRewrittenFromTheRepository() async throws {
        guard SafetyCommandTests.modelAvailable else { print("skipped: no MiniLM model in models/"); return }
        try await withTemporaryDirectory { directory in
            try await withLoopbackServer(Self.answer) { server in
                let root = try PostCommandTests.makeRepository("chartkit", in: directory)
                var environment = PostCommandTests.environment(server, directory)
                environment["LOGS_DIR"] = directory.appending("logs")

                // Reported (the default action): the claim is flagged and the text left as written.
                let reported = try await FolioBinary.run(["post", "--repo", root], in: directory, environment: environment,
                                                         timeout: 600)
                #expect(reported.code == 0, "\(reported.stderr)")
                let first = try Self.latest(in: directory)
                #expect((first["text"] as? String)?.contains("podcast studio") == true)
                #expect(first["safety_changes"] == nil)
                let claims = try #require((first["safety"] as? [String: Any])?["claims"] as? [[String: Any]])
                let invented = try #require(claims.first { ($0["text"] as? String)?.contains("podcast") == true })
                #expect(invented["supported"] as? Bool == false)
                #expect(claims.contains { $0["supported"] as? Bool == true })

                // Rewritten: the sentence is restated from the README's lines and checked again.
                environment["SAFETY_ACTION"] = "rewrite"
                let rewritten = try await FolioBinary.run(["post", "--repo", root], in: directory, environment: environment,
                                                          timeout: 600)
                #expect(rewritten.code == 0, "\(rewritten.stderr)")
                let second = try Self.latest(in: directory)
                let text = try #require(second["text"] as? String)
                #expect(!text.contains("podcast"))
                let hook = try #require(second["hook"] as? String)
                let readme = try String(contentsOfFile: root + "/README.md", encoding: .utf8)
                #expect(text.hasPrefix(hook) && hook.count > 20 && readme.contains(hook), "\(hook)")
                let changes = try #require(second["safety_changes"] as? [[String: Any]])
                #expect(changes.contains { $0["kind"] as? String == "rewritten"
                    && ($0["original"] as? String)?.contains("podcast studio") == true
                    && ($0["replacement"] as? String)?.contains("podcast") == false })
                let checked = try #require((second["safety"] as? [String: Any])?["claims"] as? [[String: Any]])
                #expect(!checked.contains { ($0["text"] as? String)?.contains("podcast") == true })
                #expect((second["safety_confidence"] as? Double ?? 0) > (first["safety_confidence"] as? Double ?? 1))

                // Each version is one assessment line, counted by `folio stats` in the post group.
                let log = try String(contentsOfFile: directory.appending("logs/generations.jsonl"), encoding: .utf8)
                let assessments = log.split(separator: "\n").filter { $0.contains(#""kind":"assessment""#) }
                #expect(assessments.count == 2)
                #expect(assessments.allSatisfy { $0.contains(#""purpose":"post:chartkit""#) && $0.contains("safety_confidence") })
                let stats = try await FolioBinary.run(["stats", "--by", "purpose", "--json"], in: directory,
                                                      environment: environment)
                #expect(stats.code == 0, "\(stats.stderr)")
                let json = try #require(try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any])
                let groups = try #require(json["groups"] as? [[String: Any]])
                let post = try #require(groups.first { $0["key"] as? String == "post" })
                let confidence = try #require(post["mean_safety_confidence"] as? Double)
                #expect(confidence > 0 && confidence <= 1)
            }
        }
    }
}
