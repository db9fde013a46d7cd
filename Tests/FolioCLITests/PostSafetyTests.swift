import Foundation
import FolioTesting
import Synchronization
import Testing

/// `folio post` with a model that states a feature the repository does not have: the chain's
/// piece check refuses the sentence (its words are nowhere in the sources) and asks again, so
/// the invented feature never reaches the saved post; each version's scores reach the
/// generation log and `folio stats`.
@Suite("Post safety")
struct PostSafetyTests {
    /// What the scripted model claims in its first opening line: chartkit has no podcast studio.
    static let inventedFeature = "chartkit ships a built-in podcast studio with voice cloning."

    /// Opening-line requests seen so far: the first is answered with the invented feature.
    final class HookRequests: Sendable {
        let count = Mutex(0)
    }

    /// Answers as `PostCommandTests.answer` does, except that the first opening-line request is
    /// answered with the invented feature.
    static func answer(_ request: LoopbackRequest, hooks: HookRequests) -> [LoopbackAction] {
        guard request.method == "POST" else { return PostCommandTests.answer(request) }
        let body = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any]
        let messages = body?["messages"] as? [[String: Any]] ?? []
        let prompt = messages.last?["content"] as? String ?? ""
        let isHook = ["opening line", "promises to show", "Write a question", "Write a bold claim"].contains(where: prompt.contains)
        guard isHook, hooks.count.withLock({ count in count += 1; return count == 1 }) else {
            return PostCommandTests.answer(request)
        }
        return [.head(status: 200, headers: ["Content-Type": ProviderWire.contentType(.openAI)])]
            + ProviderWire.stream(.openAI, pieces: [inventedFeature]).map { .send($0) } + [.end]
    }

    /// The newest version in `posts/chartkit/post.json`.
    static func latest(in directory: TemporaryDirectory) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: directory.appending("posts/chartkit/post.json")))
        let post = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try #require((post["versions"] as? [[String: Any]])?.last)
    }

    @Test func anInventedFeatureIsRefusedAndAskedAgainBeforeThePostIsSaved() async throws {
        guard SafetyCommandTests.modelAvailable else { print("skipped: no MiniLM model in models/"); return }
        let hooks = HookRequests()
        try await withTemporaryDirectory { directory in
            try await withLoopbackServer({ Self.answer($0, hooks: hooks) }) { server in
                let root = try PostCommandTests.makeRepository("chartkit", in: directory)
                var environment = PostCommandTests.environment(server, directory)
                environment["LOGS_DIR"] = directory.appending("logs")

                let first = try await FolioBinary.run(["post", "--repo", root], in: directory, environment: environment,
                                                      timeout: 600)
                #expect(first.code == 0, "\(first.stderr)")
                #expect(hooks.count.withLock { $0 } >= 2, "the opening line was asked for again")
                let version = try Self.latest(in: directory)
                let text = try #require(version["text"] as? String)
                #expect(!text.contains("podcast"), "\(text)")
                let hook = try #require(version["hook"] as? String)
                #expect(text.hasPrefix(hook) && hook.contains("chartkit"), "\(hook)")
                let claims = try #require((version["safety"] as? [String: Any])?["claims"] as? [[String: Any]])
                #expect(!claims.contains { ($0["text"] as? String)?.contains("podcast") == true })
                #expect(claims.contains { $0["supported"] as? Bool == true })

                // A second version, written with the rewrite action, for the log below.
                environment["SAFETY_ACTION"] = "rewrite"
                let second = try await FolioBinary.run(["post", "--repo", root], in: directory, environment: environment,
                                                       timeout: 600)
                #expect(second.code == 0, "\(second.stderr)")

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

    /// What the scripted model writes for the SVG fact under `SAFETY_ACTION=rewrite`: a true
    /// fact with an invented feature in the same sentence.
    static let blendedSentence = "chartkit writes each chart as a standalone SVG file and ships a built-in podcast studio."
    /// What the scripted model writes for the install fact under `SAFETY_ACTION=rewrite`: an
    /// e-mail address and an API key.
    static let leakingSentence = "Install chartkit with the package manager, mail help@chartkit-support.net and set "
        + "GITHUB_TOKEN=\(leakedKey) first."
    static let leakedKey = "ghp_" + String(repeating: "x7Kq2mPz9R", count: 4).prefix(36)
    /// Its rewrite from the evidence, as the scripted model answers the safety chain.
    static let rewrittenSentence = "chartkit writes every chart as a standalone SVG file next to its data."

    /// Answers as `PostCommandTests.answer` does, except the SVG sentence states the invented
    /// feature and the safety chain's rewrite request is answered from its evidence (or, with
    /// `removing`, refused).
    static func rewriteAnswer(_ request: LoopbackRequest, removing: Bool) -> [LoopbackAction] {
        guard request.method == "POST" else { return PostCommandTests.answer(request) }
        let body = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any]
        let messages = body?["messages"] as? [[String: Any]] ?? []
        let prompt = messages.last?["content"] as? String ?? ""
        let text: String
        if prompt.hasPrefix("EVIDENCE:") {
            text = removing || !prompt.contains("podcast") ? "REMOVE" : rewrittenSentence
        } else if ScriptedPosts.answer(prompt).contains("install chartkit with the package manager") {
            text = leakingSentence
        } else if prompt.contains("SVG"), !prompt.contains("opening line"), ScriptedPosts.answer(prompt).contains("SVG file, right next") {
            text = blendedSentence
        } else {
            return PostCommandTests.answer(request)
        }
        return [.head(status: 200, headers: ["Content-Type": ProviderWire.contentType(.openAI)])]
            + ProviderWire.stream(.openAI, pieces: [text]).map { .send($0) } + [.end]
    }

    @Test func withTheRewriteActionAnInventedFeatureIsRewrittenOrRemovedAndAKeyOrEmailNeverGetsOut() async throws {
        guard SafetyCommandTests.modelAvailable else { print("skipped: no MiniLM model in models/"); return }
        for removing in [false, true] {
            try await withTemporaryDirectory { directory in
                try await withLoopbackServer({ Self.rewriteAnswer($0, removing: removing) }) { server in
                    let root = try PostCommandTests.makeRepository("chartkit", in: directory)
                    var environment = PostCommandTests.environment(server, directory)
                    environment["SAFETY_ACTION"] = "rewrite"
                    let run = try await FolioBinary.run(["post", "--repo", root], in: directory, environment: environment,
                                                        timeout: 600)
                    #expect(run.code == 0, "\(run.stderr)")
                    let version = try Self.latest(in: directory)
                    let text = try #require(version["text"] as? String)
                    #expect(!text.contains("podcast"), "\(text)")
                    let changes = try #require(version["safety_changes"] as? [[String: Any]], "\(version.keys.sorted())")
                    let change = try #require(changes.first { ($0["original"] as? String)?.contains("podcast studio") == true })
                    #expect(!text.contains("\n\n\n") && !text.hasSuffix("\n"), "no empty paragraph is left: \(text)")
                    if removing {
                        #expect(change["kind"] as? String == "removed")
                        #expect(!text.contains("SVG"), "\(text)")
                    } else {
                        #expect(change["kind"] as? String == "rewritten")
                        #expect(change["replacement"] as? String == Self.rewrittenSentence)
                        #expect(text.contains(Self.rewrittenSentence), "\(text)")
                    }
                    // The e-mail address and the API key reach no file and no output: their sentence
                    // is taken out, or the post is held back from export.
                    let saved = try String(contentsOfFile: directory.appending("posts/chartkit/post.json"), encoding: .utf8)
                    #expect(!saved.contains(Self.leakedKey) && !run.stdout.contains(Self.leakedKey) && !run.stderr.contains(Self.leakedKey))
                    if text.contains("help@chartkit-support.net") {
                        let export = try await FolioBinary.run(["export", "--post", directory.appending("posts/chartkit"),
                                                                "--format", "linkedin"], in: directory, environment: environment)
                        #expect(export.code == 2, "\(export.stdout)")
                    } else {
                        #expect(changes.contains { ($0["original"] as? String)?.contains("package manager") == true })
                        #expect(!saved.contains("help@chartkit-support.net"))
                    }
                    // The report kept with the version is the check of the text after the change.
                    let claims = try #require((version["safety"] as? [String: Any])?["claims"] as? [[String: Any]])
                    #expect(!claims.contains { ($0["text"] as? String)?.contains("podcast") == true })
                    #expect(claims.contains { $0["supported"] as? Bool == true }, "\(claims)")
                }
            }
        }
    }
}
