import FolioPublishing
import FolioTesting
import Foundation
import Testing

/// Outputs are written whole or not at all, and never over an existing one without `--force`.
@Suite struct ExportWriterTests {
    @Test func anExistingFileIsKeptUnlessForced() async throws {
        try await withTemporaryDirectory { directory in
            let url = URL(fileURLWithPath: directory.appending("out.txt"))
            try "keep me".write(to: url, atomically: true, encoding: .utf8)
            let artifact = ExportArtifact(.file(Data("new".utf8)))
            #expect(throws: PublishingError.outputExists(url.path)) { try ExportWriter().write(artifact, to: url) }
            #expect(try String(contentsOf: url, encoding: .utf8) == "keep me")
            try ExportWriter(force: true).write(artifact, to: url)
            #expect(try String(contentsOf: url, encoding: .utf8) == "new")
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix(".") }
            #expect(leftovers.isEmpty, "no temporary files left: \(leftovers)")
        }
    }

    @Test func partsAreNumberedAndCheckedBeforeAnyIsWritten() async throws {
        try await withTemporaryDirectory { directory in
            let url = URL(fileURLWithPath: directory.appending("buffer.csv"))
            let artifact = ExportArtifact(.parts([Data("a".utf8), Data("b".utf8), Data("c".utf8)]))
            try "old".write(toFile: directory.appending("buffer-3.csv"), atomically: true, encoding: .utf8)
            #expect(throws: PublishingError.outputExists(directory.appending("buffer-3.csv"))) {
                try ExportWriter().write(artifact, to: url)
            }
            #expect(!FileManager.default.fileExists(atPath: directory.appending("buffer-1.csv")), "nothing written")
            let written = try ExportWriter(force: true).write(artifact, to: url)
            #expect(written.map(\.lastPathComponent) == ["buffer-1.csv", "buffer-2.csv", "buffer-3.csv"])
            #expect(try String(contentsOfFile: directory.appending("buffer-3.csv"), encoding: .utf8) == "c")
            let single = try ExportWriter().write(ExportArtifact(.parts([Data("x".utf8)])), to: URL(fileURLWithPath: directory.appending("one.csv")))
            #expect(single.map(\.lastPathComponent) == ["one.csv"])
        }
    }

    @Test func aFolderIsReplacedWholeOnlyWhenForced() async throws {
        try await withTemporaryDirectory { directory in
            let url = URL(fileURLWithPath: directory.appending("notion"))
            let first = ExportArtifact(.folder([ExportedFile(path: "a.md", data: Data("1".utf8)),
                                                ExportedFile(path: "posts.csv", data: Data("2".utf8))]))
            try ExportWriter().write(first, to: url)
            #expect(throws: PublishingError.outputExists(url.path)) { try ExportWriter().write(first, to: url) }
            let second = ExportArtifact(.folder([ExportedFile(path: "b.md", data: Data("3".utf8))]))
            try ExportWriter(force: true).write(second, to: url)
            #expect(try FileManager.default.contentsOfDirectory(atPath: url.path) == ["b.md"])
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["notion"], "no staging left")
        }
    }
}
