import ArgumentParser
import FolioRuntime
import Foundation

extension Folio {
    /// `folio post`: a LinkedIn-ready post about a code repository, grounded in its sources.
    struct Post: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a post about a code repository from its own sources, checked against them.",
            subcommands: [Write.self, Hooks.self, Diff.self, Feedback.self, Revise.self],
            defaultSubcommand: Write.self)

        /// `folio post --repo …`: writes the next version.
        struct Write: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "write",
                abstract: "Write the next version of the post about a repository (the default).",
                discussion: """
                    Reads the repository (README, manifest, examples, docs, changelog, tags, recent \
                    commits; tracked files only), finds the best evidence weighted README > examples > \
                    docs > commits (POST_WEIGHT_*), then asks the model for facts, a hook, a draft and \
                    sharper sentences, each answer checked by the book guards. Every fact is traced to a \
                    file and lines; the post is checked by the safety chain against the repository. The \
                    version is added to POSTS_DIR/<repo-slug>/post.json and printed.
                    """)

            @OptionGroup var options: PostWriteOptions

            @OptionGroup var globalOptions: GlobalOptions

            func run() async throws {
                try await globalOptions.withRuntime(options.overrides) { runtime in
                    let snapshot = try PostOutput.read(options.post.repo, runtime: runtime)
                    let pipeline = try options.pipeline(with: runtime, warn: { Terminal.status("warning: " + $0) })
                    let brief = options.briefOptions
                    let written = try await pipeline.write(snapshot, brief: brief.brief, hook: brief.hookType)
                    try PostOutput.show(written.version, folder: pipeline.folder(of: snapshot), json: options.json,
                                        minimumConfidence: runtime.postMinimumConfidence)
                }
            }
        }
    }
}

/// The repository option every `folio post` subcommand takes.
struct PostOptions: ParsableArguments {
    @Option(help: "The repository: a folder, a git URL (https://, git@, file://) or owner/name on GitHub.")
    var repo: String

    func validate() throws {
        if repo.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--repo must not be empty") }
    }
}
