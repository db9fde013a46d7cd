import Foundation

/// An empty settings file, so that a test's settings come from its own environment values and
/// built-in defaults only — never from a `config.env` in the working folder.
public let emptyConfigFile: String = {
    let path = FileManager.default.temporaryDirectory
        .appendingPathComponent("folio-empty-\(UUID().uuidString).env").path
    FileManager.default.createFile(atPath: path, contents: Data())
    return path
}()
