import Foundation
import Testing
@testable import FolioCore
import FolioTesting

/// Installed files are found from the executable's place (or `FOLIO_HOME`), not the working folder.
@Suite struct FolioInstallationTests {
    @Test func rootIsFoundAboveTheExecutableInEitherLayout() async throws {
        try await withTemporaryDirectory { directory in
            let files = FileManager.default
            // Installed: PREFIX/bin/folio with PREFIX/share/folio/models.
            try files.createDirectory(atPath: directory.appending("prefix/bin"), withIntermediateDirectories: true)
            try files.createDirectory(atPath: directory.appending("prefix/share/folio/models"),
                                      withIntermediateDirectories: true)
            #expect(FolioInstallation.root(above: directory.url.appendingPathComponent("prefix/bin"))?.path
                == directory.appending("prefix/share/folio"))
            // A build: ROOT/.build/x86_64-unknown-linux-gnu/debug/folio with ROOT/models.
            try files.createDirectory(atPath: directory.appending("checkout/.build/arch/debug"),
                                      withIntermediateDirectories: true)
            try files.createDirectory(atPath: directory.appending("checkout/models"), withIntermediateDirectories: true)
            #expect(FolioInstallation.root(above: directory.url.appendingPathComponent("checkout/.build/arch/debug"))?.path
                == directory.appending("checkout"))
            try files.createDirectory(atPath: directory.appending("bare/bin"), withIntermediateDirectories: true)
            #expect(FolioInstallation.root(above: directory.url.appendingPathComponent("bare/bin")) == nil)
        }
    }

    @Test func folioHomeWinsAndRelativePathsPreferTheWorkingFolder() {
        let installation = FolioInstallation(environment: ["FOLIO_HOME": "/opt/folio"])
        #expect(installation.root?.path == "/opt/folio")
        #expect(installation.resolve("models/none-here.gguf") == "/opt/folio/models/none-here.gguf")
        #expect(installation.resolve("/abs/model.gguf") == "/abs/model.gguf")
        // The test runs in the package root, whose Package.swift is in the working folder.
        #expect(installation.resolve("Package.swift") == "Package.swift")
        #expect(FolioInstallation(root: nil).resolve("models/x.gguf") == "models/x.gguf")
    }

    @Test func settingsTakeInstalledFilesFromTheInstallationAndBooksFromTheWorkingFolder() async throws {
        try await withTemporaryDirectory { directory in
            let configFile = directory.appending("empty.env")
            try "".write(toFile: configFile, atomically: true, encoding: .utf8)
            let settings = try await Settings.load(
                environment: ["FOLIO_HOME": "/opt/folio", "LOCAL_MODEL_PATH": "models/only-installed.gguf",
                              "EMBEDDING_MODEL_DIR": "/abs/minilm"],
                configFile: configFile)
            #expect(settings.local.modelPath == "/opt/folio/models/only-installed.gguf")
            #expect(settings.retrieval.embeddingModelDirectory == "/abs/minilm")
            #expect(settings.books.directory == "books")
            #expect(settings.logsDirectory == "logs")
            #expect(settings.cache.directory == ".cache/folio")
        }
    }
}
