import ArgumentParser
import FolioRuntime
import Foundation

extension Folio.Post {
    /// `folio post hooks --repo …`: one candidate opening line per hook type.
    struct Hooks: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a candidate opening line for each hook type the repository's sources offer.",
            discussion: """
                A statistic needs a real number in the sources, a story a change of direction in the \
                history; a type without its material says so. Nothing is saved.
                """)

        @OptionGroup var post: PostOptions

        @Option(help: "Who the post is for.")
        var audience: String?

        @OptionGroup var providerOptions: ProviderOptions

        @OptionGroup var globalOptions: GlobalOptions

        func run() async throws {
            try await globalOptions.withRuntime(providerOptions.overrides) { runtime in
                let snapshot = try PostOutput.read(post.repo, runtime: runtime)
                let pipeline = try runtime.postPipeline(warn: { Terminal.status("warning: " + $0) })
                let hooks = try await pipeline.hooks(snapshot, audience: audience)
                for (type, line) in hooks {
                    switch line {
                    case .success(let text): Terminal.write("\(type.rawValue): \(text)\n")
                    case .failure(let error): Terminal.write("\(type.rawValue): (none: \(error.message))\n")
                    }
                }
            }
        }
    }
}
