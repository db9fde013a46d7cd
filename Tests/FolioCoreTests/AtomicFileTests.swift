import Foundation
import Testing
import FolioCore
import FolioTesting

@Suite struct AtomicFileTests {
    @Test func replacesContentAndLeavesNoTemporaryFile() async throws {
        try await withTemporaryDirectory { directory in
            let url = directory.url.appendingPathComponent("nested/book.json")
            try AtomicFile.write("first", to: url)
            try AtomicFile.write("second", to: url)
            #expect(try String(contentsOf: url, encoding: .utf8) == "second")
            let names = try FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path)
            #expect(names == ["book.json"])
        }
    }

    @Test func failureKeepsTheOldFile() async throws {
        try await withTemporaryDirectory { directory in
            let url = directory.url.appendingPathComponent("chapter.md")
            try AtomicFile.write("kept", to: url)
            // A folder in the way of the rename: the write fails and the old text stays.
            let blocked = directory.url.appendingPathComponent("blocked")
            try FileManager.default.createDirectory(at: blocked.appendingPathComponent("child"), withIntermediateDirectories: true)
            #expect(throws: FolioError.self) { try AtomicFile.write("new", to: blocked) }
            #expect(try String(contentsOf: url, encoding: .utf8) == "kept")
            let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
            #expect(names == ["blocked", "chapter.md"])
        }
    }
}
