import Foundation
import ZIPFoundation

/// A ZIP file built in memory, every entry dated the same, so the same entries give the same
/// bytes (EPUB and DOCX are both ZIP containers).
struct ZipContainer {
    /// One member: its path, bytes, and whether it is deflated (else stored).
    struct Entry {
        var path: String
        var data: Data
        var deflated: Bool = true
    }

    /// The archive holding `entries` in order, each dated `modified`.
    static func data(_ entries: [Entry], modified: Date) throws -> Data {
        let archive = try Archive(accessMode: .create)
        // ZIP's DOS timestamps start in 1980; an earlier date is clamped by the library.
        for entry in entries {
            let data = entry.data
            try archive.addEntry(
                with: entry.path, type: .file, uncompressedSize: Int64(data.count),
                modificationDate: modified, permissions: 0o644,
                compressionMethod: entry.deflated ? .deflate : .none,
                provider: { position, size in
                    let start = data.startIndex + Int(position)
                    return data.subdata(in: start..<start + size)
                })
        }
        guard let bytes = archive.data else {
            throw PublishingError.writeFailed("archive", "the in-memory ZIP archive has no data")
        }
        return bytes
    }
}
