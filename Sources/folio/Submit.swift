import ArgumentParser
import FolioRuntime
import Foundation

extension Folio {
    /// `folio submit KIND …`: queues work for `folio worker` and prints the job id.
    struct Submit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Queue work for a worker (folio worker) and print its job id.",
            subcommands: [SubmitGenerate.self])
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
            let arguments = Self.generateArguments(CommandLine.arguments)
            try await globalOptions.withRuntime(queueOptions.overrides) { runtime in
                let submission = try GenerateJob.submission(arguments, maxAttempts: runtime.settings.jobs.maxAttempts)
                let job = try await runtime.jobQueue().enqueue(submission)
                Terminal.write(job.id + "\n")
            }
        }

        /// The `generate` flags of a `folio submit generate …` command line: everything after
        /// `generate` but the options that belong to the submitter (queue, settings file, log level).
        static func generateArguments(_ commandLine: [String]) -> [String] {
            var rest = commandLine.drop { $0 != "submit" }.dropFirst().drop { $0 != "generate" }.dropFirst()
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
    }
}
