import ArgumentParser

/// The `folio` command: writes books and posts with language models.
@main
struct Folio: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "folio",
        abstract: "Write whole books with language models, chapter by chapter, streamed to the terminal.",
        subcommands: []
    )
}
