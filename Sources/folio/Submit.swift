import ArgumentParser
import FolioRuntime
import Foundation

extension Folio {
    /// `folio submit KIND …`: queues work for `folio worker` and prints the job id.
    struct Submit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Queue work for a worker (folio worker) and print its job id.",
            subcommands: [SubmitGenerate.self, SubmitPost.self, SubmitBatch.self])

        /// The flags of a `folio submit KIND …` command line: everything after `KIND` but the
        /// options that belong to the submitter (queue, settings file, log level).
        static func jobArguments(_ kind: String, _ commandLine: [String]) -> [String] {
            var rest = commandLine.drop { $0 != "submit" }.dropFirst().drop { $0 != kind }.dropFirst()
            let submitterOptions = ["--queue", "--config", "--log-level"]
            var kept: [String] = []
            while let argument = rest.popFirst() {
                if submitterOptions.contains(argument) {
                    _ = rest.popFirst()
                } else if !submitterOptions.contains(where: { argument.hasPrefix($0 + "=") }) {
                    kept.append(argument)
                }
            }
            return kept
        }

        /// Enqueues what `submission` makes of the command line's `kind` flags (checked there:
        /// bad input exits 2 with nothing queued) and prints the new job's id.
        static func enqueue(_ kind: String, queueOptions: QueueOptions, globalOptions: GlobalOptions,
                            _ submission: @escaping ([String], _ maxAttempts: Int) throws -> JobSubmission) async throws {
            let arguments = jobArguments(kind, CommandLine.arguments)
            try await globalOptions.withRuntime(queueOptions.overrides) { runtime in
                let made = try submission(arguments, runtime.settings.jobs.maxAttempts)
                let job = try await runtime.jobQueue().enqueue(made)
                Terminal.write(job.id + "\n")
            }
        }
    }

    /// `folio submit generate …every generate flag…`.
    struct SubmitGenerate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "generate",
            abstract: "Queue a book, with the flags of folio generate; prints the job id.",
            discussion: """
                A worker writes it with its own settings (config.env, environment) under these flags; \
                relative paths such as --books-dir are taken in the worker's folder.
                """)

        @OptionGroup var options: GenerateOptions

        @OptionGroup var queueOptions: QueueOptions

        @OptionGroup var globalOptions: GlobalOptions

        func run() async throws {
            try await Submit.enqueue(GenerateJob.kind, queueOptions: queueOptions, globalOptions: globalOptions,
                                     GenerateJob.submission)
        }
    }
}
