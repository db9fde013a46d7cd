import FolioCore
import FolioPosts
import FolioTesting
import Foundation
import Testing

/// Reading repositories: local bare repositories reached through `file://`, made in the test.
@Suite struct RepositoryReaderTests {
    /// Runs git in `directory`, failing the test on a non-zero exit.
    static func git(_ arguments: [String], in directory: String) throws {
        let output = try Git.run(["-c", "user.name=Test", "-c", "user.email=test@example.invalid"] + arguments, in: directory)
        #expect(output.status == 0, "git \(arguments.joined(separator: " ")): \(output.stderr)")
    }

    /// A work tree with a README, a manifest, docs, an example, a vendored file, a binary and
    /// history, committed and tagged; returns its path.
    static func makeRepository(in directory: TemporaryDirectory, name: String = "demo-tool") throws -> String {
        let root = directory.appending(name)
        let files: [String: String] = [
            "README.md": "# Demo Tool\n\nDemo Tool turns CSV files into charts from the command line.\n\nIt renders 12 chart types in under 50 ms per file.\n",
            "Package.swift": "// swift-tools-version: 6.0\nimport PackageDescription\nlet package = Package(name: \"DemoTool\", targets: [])\n",
            "LICENSE": "MIT License\n\nPermission is hereby granted, free of charge, to any person.\n",
            "docs/guide.md": "# Guide\n\nRun demo-tool with a CSV file to get a chart.\n",
            "examples/basic.swift": "print(\"chart\")\n",
            "vendor/lib.js": "var x = 1;\n",
            "Sources/main.swift": "print(\"hello\")\n",
        ]
        for (path, text) in files {
            let url = URL(fileURLWithPath: root).appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        try Data([0x89, 0x50, 0x4E, 0x47, 0, 1, 2, 3]).write(to: URL(fileURLWithPath: root + "/logo.dat"))
        try git(["init", "-q", "-b", "main"], in: root)
        try git(["add", "-A"], in: root)
        try git(["commit", "-q", "-m", "First charts", "-m", "Bar and line charts."], in: root)
        try "# Demo Tool\n\nDemo Tool turns CSV files into charts from the command line.\n\nIt renders 12 chart types in under 50 ms per file.\n\nCharts are SVG.\n"
            .write(toFile: root + "/README.md", atomically: true, encoding: .utf8)
        try git(["commit", "-q", "-am", "Switch to SVG output instead of PNG"], in: root)
        try git(["tag", "-a", "v1.0.0", "-m", "First release"], in: root)
        return root
    }

    static func reader(_ directory: TemporaryDirectory) -> RepositoryReader {
        RepositoryReader(fetcher: RepositoryFetcher(cacheDirectory: directory.appending("clones")))
    }

    @Test func readsEachKindOfSourceFromALocalWorkTree() async throws {
        try await withTemporaryDirectory { directory in
            let root = try Self.makeRepository(in: directory)
            let snapshot = try Self.reader(directory).read(try RepositoryLocation.parse(root))
            #expect(snapshot.tracked)
            #expect(snapshot.name == "DemoTool")
            #expect(snapshot.manifest?.language == "Swift")
            #expect(snapshot.manifest?.licence == "MIT")
            #expect(snapshot.sources(.readme).map(\.path) == ["README.md"])
            #expect(snapshot.sources(.docs).map(\.path) == ["docs/guide.md"])
            #expect(snapshot.sources(.examples).map(\.path) == ["examples/basic.swift"])
            #expect(snapshot.sources(.tags).first?.text.contains("v1.0.0") == true)
            let log = try #require(snapshot.sources(.commits).first?.text)
            #expect(log.contains("Switch to SVG output instead of PNG") && log.contains("Bar and line charts."))
            #expect(snapshot.skipped["vendored"] == 1)
            #expect(snapshot.skipped["binary"] == 1)
            #expect(!snapshot.sources.contains { $0.path.hasPrefix("Sources/") })
            #expect(snapshot.commit.count == 40)
        }
    }

    @Test func clonesAFileURLOnceForEachCommit() async throws {
        try await withTemporaryDirectory { directory in
            let root = try Self.makeRepository(in: directory)
            try Self.git(["clone", "-q", "--bare", root, directory.appending("demo.git")], in: directory.path)
            let url = "file://" + directory.appending("demo.git")
            let reader = Self.reader(directory)
            let first = try reader.read(try RepositoryLocation.parse(url))
            let second = try reader.read(try RepositoryLocation.parse(url))
            #expect(first.root == second.root)
            #expect(first.commit == second.commit)
            #expect(first.root.hasSuffix(first.commit))
            #expect(first.sources(.readme).first?.text.contains("Charts are SVG.") == true)
            #expect(first.sources(.commits).first?.text.contains("Switch to SVG") == true)
        }
    }

    @Test func badInputNamesWhatWasLookedFor() async throws {
        try await withTemporaryDirectory { directory in
            #expect(throws: FolioError.self) { try RepositoryLocation.parse(directory.appending("missing/deeper/path")) }
            try FileManager.default.createDirectory(atPath: directory.appending("empty"), withIntermediateDirectories: true)
            do {
                _ = try Self.reader(directory).read(try RepositoryLocation.parse(directory.appending("empty")))
                Issue.record("an empty folder was read")
            } catch let error as FolioError {
                #expect(error.category == .badInput)
                #expect(error.message.contains("README*") && error.message.contains("git history"))
            }
            try Self.git(["init", "-q", "--bare", directory.appending("empty.git")], in: directory.path)
            do {
                _ = try Self.reader(directory).read(.remote("file://" + directory.appending("empty.git")))
                Issue.record("an empty repository was read")
            } catch let error as FolioError {
                #expect(error.category == .badInput, "\(error.message)")
            }
            do {
                _ = try Self.reader(directory).read(.remote("file://" + directory.appending("nowhere.git")))
                Issue.record("a missing repository was cloned")
            } catch let error as FolioError {
                #expect(error.category == .runtime)
                #expect(error.message.contains("cannot clone"))
            }
        }
    }

    @Test func shorthandIsAGitHubURL() throws {
        #expect(try RepositoryLocation.parse("apple/swift-nio", relativeTo: "/nonexistent") == .remote("https://github.com/apple/swift-nio.git"))
        #expect(try RepositoryLocation.parse("git@github.com:apple/swift-nio.git", relativeTo: "/") == .remote("git@github.com:apple/swift-nio.git"))
    }
}
