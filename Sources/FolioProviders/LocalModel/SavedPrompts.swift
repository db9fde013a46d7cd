import CLibz
import Foundation

/// The folder where the bundled server saves evaluated prompts (llama-server's
/// `--slot-save-path`): one file a shared prefix, named by its key, each beside a record of its
/// size and CRC-32.
///
/// The server writes a draft under a name of its own; only a draft of the size the server
/// reported is sealed (recorded, then renamed into place). A file that does not match its record
/// is deleted rather than given to a server: a truncated one made llama-server abort.
struct SavedPrompts: Sendable {
    /// The folder.
    let folder: String
    /// Files kept; the least recently used beyond this many are deleted.
    var limit = 16

    /// The name the server reads the prompt `key` from.
    static func fileName(_ key: String) -> String { key + ".bin" }

    /// The name the server writes a new prompt `key` to, before it is checked: this process's own.
    static func draftName(_ key: String) -> String { "\(key)-draft-\(getpid()).bin" }

    /// Whether the prompt `key` is saved whole; a file that does not match its record is deleted.
    func isIntact(_ key: String) -> Bool {
        let file = path(Self.fileName(key))
        guard let record = try? String(contentsOfFile: path(key + ".crc"), encoding: .utf8),
              let bytes = FileManager.default.contents(atPath: file) else { return false }
        guard record == Self.record(of: bytes) else {
            try? FileManager.default.removeItem(atPath: file)
            return false
        }
        return true
    }

    /// Seals the draft of `key` the server just wrote (`written` bytes, as it reported): records
    /// it and renames it into place. Throws, leaving nothing under the prompt's name, when the
    /// draft is not what the server said it wrote.
    func seal(_ key: String, written: Int) throws {
        let draft = path(Self.draftName(key))
        defer { try? FileManager.default.removeItem(atPath: draft) }
        guard let bytes = FileManager.default.contents(atPath: draft), bytes.count == written, written > 0 else {
            throw CocoaError(.fileReadCorruptFile)
        }
        try Data(Self.record(of: bytes).utf8).write(to: URL(fileURLWithPath: path(key + ".crc")), options: .atomic)
        if rename(draft, path(Self.fileName(key))) != 0 { throw CocoaError(.fileWriteUnknown) }
    }

    /// Marks the prompt `key` as just used, and deletes the least recently used past `limit`.
    func touch(_ key: String) {
        let manager = FileManager.default
        try? manager.setAttributes([.modificationDate: Date()], ofItemAtPath: path(Self.fileName(key)))
        guard let names = try? manager.contentsOfDirectory(atPath: folder) else { return }
        let saved = names.filter { $0.hasSuffix(".bin") && !$0.contains("-draft-") }
        guard saved.count > limit else { return }
        let byAge = saved.map { name in
            (name, (try? manager.attributesOfItem(atPath: path(name))[.modificationDate] as? Date) ?? .distantPast)
        }.sorted { $0.1 < $1.1 }
        for (name, _) in byAge.prefix(saved.count - limit) {
            try? manager.removeItem(atPath: path(name))
            try? manager.removeItem(atPath: path(String(name.dropLast(4)) + ".crc"))
        }
    }

    private func path(_ name: String) -> String { folder + "/" + name }

    /// `<size> <crc32 in hex>`.
    static func record(of bytes: Data) -> String {
        let crc = bytes.withUnsafeBytes { buffer -> UInt in
            guard let base = buffer.bindMemory(to: Bytef.self).baseAddress else { return 0 }
            return crc32(0, base, uInt(buffer.count))
        }
        return "\(bytes.count) \(String(crc, radix: 16))"
    }
}
