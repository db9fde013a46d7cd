import ArgumentParser
import FolioRuntime
import Foundation

extension Folio.Post {
    /// `folio post diff --repo … [--from N] [--to M]`: a word-level diff of two versions.
    struct Diff: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a word-level diff of two versions of a post ([-removed-] {+added+}).",
            discussion: "Without --from and --to: the newest version against the one before it.")

        @OptionGroup var post: PostOptions

        @Option(help: "The older version (default: the one before --to).")
        var from: Int?

        @Option(help: "The newer version (default: the newest).")
        var to: Int?

        @OptionGroup var globalOptions: GlobalOptions

        func run() async throws {
            try await globalOptions.withRuntime { runtime in
                let (saved, _) = try PostLookup.post(post.repo, runtime: runtime)
                let newest = saved.versions.map(\.version).max() ?? 0
                if saved.versions.count < 2, from == nil || to == nil {
                    throw FolioError.badInput("the post about \(saved.repoSlug) has one version: nothing to compare yet "
                        + "(write another with folio post revise, or folio post)")
                }
                let to = self.to ?? newest
                let from = self.from ?? (to - 1)
                let old = try PostLookup.version(from, of: saved)
                let new = try PostLookup.version(to, of: saved)
                Terminal.write("version \(old.version) → version \(new.version)\n")
                Terminal.write(WordDiff.render(old.text, new.text) + "\n")
            }
        }
    }
}

/// Finding a saved post and its versions for the post subcommands.
enum PostLookup {
    /// The saved post about the repository `input` names, and its folder.
    static func post(_ input: String, runtime: FolioRuntime) throws -> (SavedPost, URL) {
        let snapshot = try runtime.repositoryReader().read(try RepositoryLocation.parse(input))
        let store = PostStore(directory: runtime.settings.posts.directory)
        let folder = store.directory.appendingPathComponent(Slug.make(snapshot.name))
        guard FileManager.default.fileExists(atPath: folder.appendingPathComponent("post.json").path) else {
            throw FolioError.badInput("no post about \(snapshot.name) in \(store.directory.path): write one with folio post first")
        }
        do {
            return (try PostStore.load(folder: folder.path), folder)
        } catch let error as PublishingError {
            throw FolioError.badInput(error.description)
        }
    }

    /// Version `number` of `post`.
    static func version(_ number: Int, of post: SavedPost) throws -> PostVersion {
        guard let version = post.versions.first(where: { $0.version == number }) else {
            let known = post.versions.map { String($0.version) }.joined(separator: ", ")
            throw FolioError.badInput("no version \(number) of the post about \(post.repoSlug) (versions: \(known))")
        }
        return version
    }
}
