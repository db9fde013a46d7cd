import ArgumentParser
import FolioRuntime

extension Folio {
    /// `folio submit post --repo … …every post flag…`.
    struct SubmitPost: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "post",
            abstract: "Queue a post about a repository, with the flags of folio post; prints the job id.",
            discussion: """
                The repository is checked now (a bad path or URL exits 2, nothing queued) and a folder \
                is stored as its absolute path. A worker writes the post with its own settings under \
                these flags into its POSTS_DIR; run again (its worker died), the job keeps the version \
                its commit already has from the same brief instead of adding another.
                """)

        @OptionGroup var options: PostWriteOptions

        @OptionGroup var queueOptions: QueueOptions

        @OptionGroup var globalOptions: GlobalOptions

        func run() async throws {
            try await Submit.enqueue(PostJob.kind, queueOptions: queueOptions, globalOptions: globalOptions,
                                     PostJob.submission)
        }
    }
}
