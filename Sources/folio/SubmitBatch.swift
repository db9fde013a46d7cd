import ArgumentParser
import FolioRuntime

extension Folio {
    /// `folio submit batch --repos FILE …every batch flag…`.
    struct SubmitBatch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "batch",
            abstract: "Queue a post for each repository listed in FILE, with the flags of folio batch; prints the job id.",
            discussion: """
                FILE is read now and every entry checked (an unreadable list or an entry that is no \
                folder, git URL or owner/name exits 2, nothing queued); the entries go into the job, \
                folders as absolute paths. A worker writes the posts into its POSTS_DIR, reporting \
                progress as repo n/N, and exports them to --output (taken in the worker's folder) or \
                POSTS_DIR/batch-<job id>.<ext>; the job's result names the file and every failed entry \
                with its line number. Run again, the job keeps the versions already written.
                """)

        @OptionGroup var options: BatchOptions

        @OptionGroup var queueOptions: QueueOptions

        @OptionGroup var globalOptions: GlobalOptions

        func validate() throws {
            if options.output == "-" {
                throw ValidationError("--output - cannot be queued: a worker has no terminal; give a file")
            }
        }

        func run() async throws {
            try await Submit.enqueue(BatchJob.kind, queueOptions: queueOptions, globalOptions: globalOptions,
                                     BatchJob.submission)
        }
    }
}
