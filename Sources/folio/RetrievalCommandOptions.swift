import ArgumentParser
import FolioCore
import FolioProviders
import FolioRetrieval
import Foundation

/// Options shared by `folio index` and `folio query`: the book and the settings file.
struct RetrievalCommandOptions: ParsableArguments {
    @Option(help: "The book's folder (BOOKS_DIR/<slug>).")
    var book: String

    @Option(name: .customLong("config"), help: "Settings file (default: ./config.env when present).")
    var configFile: String?

    func settings() async throws -> Settings {
        let settings = try await Settings.load(configFile: configFile)
        FolioLogging.bootstrap(level: settings.logLevel)
        return settings
    }

    /// Opens the book's store, printing each repair as a warning on stderr.
    func openStore(_ settings: Settings) throws -> RetrievalStore {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: book, isDirectory: &isFolder), isFolder.boolValue else {
            throw FolioError.badInput("no book folder at \(book)")
        }
        let hasBook = FileManager.default.fileExists(atPath: book + "/book.json")
            || FileManager.default.fileExists(atPath: book + "/chapters")
        guard hasBook else {
            throw FolioError.badInput("\(book) is not a book folder (no book.json or chapters/)")
        }
        let embedder = try RetrievalSetup.embedder(settings, transport: CurlTransport())
        return try RetrievalStore(bookDirectory: book, embedder: embedder, options: RetrievalSetup.storeOptions(settings),
                                  warn: { Terminal.error("warning: " + $0) })
    }
}
