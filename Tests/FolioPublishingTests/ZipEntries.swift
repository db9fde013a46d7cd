import Foundation
import ZIPFoundation

/// The members of a ZIP file, read back with ZIPFoundation, in archive order.
struct ZipEntries {
    let names: [String]
    let contents: [String: Data]
    let data: Data

    init(_ data: Data) throws {
        let archive = try Archive(data: data, accessMode: .read)
        var names: [String] = []
        var contents: [String: Data] = [:]
        for entry in archive {
            var bytes = Data()
            _ = try archive.extract(entry) { bytes.append($0) }
            names.append(entry.path)
            contents[entry.path] = bytes
        }
        self.names = names
        self.contents = contents
        self.data = data
    }

    func text(_ name: String) -> String {
        contents[name].map { String(decoding: $0, as: UTF8.self) } ?? ""
    }
}
