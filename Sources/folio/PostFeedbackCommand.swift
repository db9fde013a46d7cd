import ArgumentParser
import FolioRuntime
import Foundation

extension Folio.Post {
    /// `folio post feedback --repo … [--version N] --kind KIND [--note TEXT]`.
    struct Feedback: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record what you think of a version: like, dislike, too-long, too-salesy, inaccurate or other.",
            discussion: "Appended to POSTS_DIR/<repo-slug>/feedback.jsonl; folio post revise acts on it.")

        @OptionGroup var post: PostOptions

        @Option(help: "The version judged (default: the newest).")
        var version: Int?

        @Option(help: "like, dislike, too-long, too-salesy, inaccurate or other.")
        var kind: String

        @Option(help: "Your words, passed to the next version.")
        var note: String?

        @OptionGroup var globalOptions: GlobalOptions

        func validate() throws {
            guard PostFeedback.Kind(rawValue: kind.lowercased()) != nil else {
                throw ValidationError("--kind must be like, dislike, too-long, too-salesy, inaccurate or other")
            }
            if kind.lowercased() == "other", (note ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
                throw ValidationError("--kind other needs --note TEXT")
            }
        }

        func run() async throws {
            try await globalOptions.withRuntime { runtime in
                let (saved, folder) = try PostLookup.post(post.repo, runtime: runtime)
                let judged = try PostLookup.version(version ?? saved.latest?.version ?? 1, of: saved)
                let entry = PostFeedback(version: judged.version, kind: PostFeedback.Kind(rawValue: kind.lowercased())!,
                                         note: note, createdAt: ISO8601DateFormatter().string(from: Date()))
                let log = FeedbackLog(folder: folder)
                try await log.append(entry)
                Terminal.write("feedback on version \(judged.version): \(entry.kind.rawValue)"
                    + (note.map { " · \($0)" } ?? "") + " · \(log.url.path)\n")
            }
        }
    }

    /// `folio post revise --repo … [--note TEXT]`: the next version, acting on the feedback.
    struct Revise: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the next version of a post, acting on the feedback on its newest version.")

        @OptionGroup var post: PostOptions

        @Option(help: "Another instruction for this version.")
        var note: String?

        @Flag(help: "Print the new version as JSON instead of the text.")
        var json = false

        @OptionGroup var providerOptions: ProviderOptions

        @OptionGroup var globalOptions: GlobalOptions

        func run() async throws {
            try await globalOptions.withRuntime(providerOptions.overrides) { runtime in
                let snapshot = try PostOutput.read(post.repo, runtime: runtime)
                let pipeline = try runtime.postPipeline(warn: { Terminal.status("warning: " + $0) })
                let written = try await pipeline.revise(snapshot, note: note)
                try PostOutput.show(written.version, folder: pipeline.folder(of: snapshot), json: json,
                                    minimumConfidence: runtime.postMinimumConfidence)
            }
        }
    }
}
