@testable import FolioPublishing
import FolioTesting
import Foundation
import Testing

/// The ZIP writer EPUB and DOCX share, read back by ZIPFoundation and by Info-ZIP's `unzip`.
@Suite struct ZipContainerTests {
    static let modified = Date(timeIntervalSince1970: 1_700_000_000)  // 2023-11-14T22:13:20Z

    static let entries: [ZipContainer.Entry] = [
        .init(path: "mimetype", data: Data("application/epub+zip".utf8), deflated: false),
        .init(path: "empty.txt", data: Data()),
        .init(path: "OEBPS/chapter-001.xhtml", data: Data(String(repeating: "<p>The keeper climbed the stair.</p>\n", count: 4000).utf8)),
        .init(path: "OEBPS/naïve café.txt", data: Data("déjà vu\n".utf8)),
        .init(path: "cover.bin", data: Data((0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 13) }), deflated: false),
    ]

    @Test func membersReadBackInOrderWithTheirBytes() throws {
        let data = try ZipContainer.data(Self.entries, modified: Self.modified)
        let read = try ZipEntries(data)
        #expect(read.names == Self.entries.map(\.path))
        for entry in Self.entries { #expect(read.contents[entry.path] == entry.data, "\(entry.path)") }
        #expect(data.count < 20_000 + 70_000, "the repeated chapter is deflated")
        #expect(try ZipContainer.data(Self.entries, modified: Self.modified) == data, "the same entries give the same bytes")
    }

    @Test func headersCarryTheUTCDateAndStoredMembersStayStored() throws {
        let bytes = [UInt8](try ZipContainer.data(Self.entries, modified: Self.modified))
        func le16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        #expect(le16(8) == 0)  // mimetype stored
        #expect(le16(10) == 22 << 11 | 13 << 5 | 10)  // 22:13:20
        #expect(le16(12) == (2023 - 1980) << 9 | 11 << 5 | 14)  // 2023-11-14
        #expect(ZipContainer.dosTimeAndDate(Date(timeIntervalSince1970: 0)) == (0, 1 << 5 | 1))  // before 1980: 1980-01-01
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/unzip"), "unzip not installed"))
    func infoZipTestsTheArchiveClean() throws {
        let directory = try TemporaryDirectory("folio-zip"); defer { directory.remove() }
        let path = directory.appending("test.zip")
        try ZipContainer.data(Self.entries, modified: Self.modified).write(to: URL(fileURLWithPath: path))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/unzip")
        process.arguments = ["-tq", path]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }
}
