import ArgumentParser
import FolioRuntime
import Foundation

/// The `folio` command: writes books and posts with language models.
@main
struct Folio: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "folio",
        abstract: "Write whole books with language models, chapter by chapter, streamed to the terminal.",
        subcommands: [Generate.self, Stream.self, Cache.self, Providers.self, Tokens.self, Context.self,
                      Embed.self, Index.self, Query.self, Stats.self, Export.self, Safety.self,
                      Submit.self, Jobs.self, Worker.self,
                      Post.self, Batch.self]
    )

    /// Runs the command with Folio's exit codes: 0 success, 1 runtime failure,
    /// 2 bad input or usage (one line on stderr), 130 interrupted.
    static func main() async {
        // A reader that goes away (`folio generate … | head`) must not kill the run: the book
        // is still written to disk and the local model server is still stopped.
        signal(SIGPIPE, SIG_IGN)
        let code = await CommandRunner.run(arguments: Array(CommandLine.arguments.dropFirst()))
        ChildProcessRegistry.shared.killAll()
        Glibc.exit(code)
    }
}
