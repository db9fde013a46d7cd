import FolioHTTP
import Foundation
import Testing
import FolioCore
@testable import FolioProviders
import FolioTesting

/// The bundled server's saved prompts, against the real llama-server.
@Suite(.serialized) struct PromptPrefixCacheTests {
    /// A worked example, as an outline step begins, and a question after it.
    static let request: ChatRequest = {
        var request = ChatRequest(messages: [
            ChatMessage(.system, "You are an accomplished author. You write clear, vivid, well-structured prose in English."),
            ChatMessage(.user, "Book: A fable about a fox who falls into a well.\nHow does it begin? Give this chapter a short title."),
            ChatMessage(.assistant, #"{"name": "The Moth at Dusk"}"#),
            ChatMessage(.user, "Book: A keeper of a lighthouse finds a bottle.\nHow does it begin? Give this chapter a short title."),
        ], maxTokens: 16, temperature: 0.8, seed: 42)
        request.sharedPrefix = 3
        return request
    }()

    func provider(folder: String) -> LazyLocalModelProvider {
        var configuration = LocalModelServerTests.configuration
        configuration.slots = 2
        configuration.promptFolder = folder
        return LazyLocalModelProvider(configuration: configuration, modelName: "local", transport: CurlTransport())
    }

    func answer(_ request: ChatRequest, from provider: LazyLocalModelProvider) async throws -> String {
        var text = ""
        for try await event in provider.stream(request) {
            if case .text(let piece) = event { text += piece }
        }
        return text
    }

    static func savedFiles(in folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".bin") }
    }

    static func inode(_ path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? NSNumber)?.intValue
    }

    @Test func aPrefixSavedByOneServerIsRestoredByTheNextAndDrawsTheSameAnswer() async throws {
        try await withTemporaryDirectory { folder in
            let first = provider(folder: folder.path)
            let written = try await answer(Self.request, from: first)
            await first.stop()
            let saved = Self.savedFiles(in: folder.path)
            try #require(saved.count == 1, "one prefix, one saved prompt: \(saved)")
            let file = folder.path + "/" + saved[0]
            let inode = Self.inode(file)

            let second = provider(folder: folder.path)
            let restored = try await answer(Self.request, from: second)
            await second.stop()
            #expect(!written.isEmpty)
            #expect(restored == written, "a seeded request draws the same answer from a restored prefix")
            #expect(Self.inode(file) == inode, "restored, not written again")
            #expect(Self.savedFiles(in: folder.path) == saved)
        }
    }

    @Test func aDamagedSavedPromptIsWrittenAgainAndNeverGivenToTheServer() async throws {
        try await withTemporaryDirectory { folder in
            let first = provider(folder: folder.path)
            let written = try await answer(Self.request, from: first)
            await first.stop()
            let file = folder.path + "/" + (Self.savedFiles(in: folder.path).first ?? "missing")
            // Cut short, as a full disk or a killed writer would leave it: llama-server aborts on reading such a file.
            let handle = try #require(FileHandle(forUpdatingAtPath: file))
            try handle.truncate(atOffset: 100_000)
            try handle.close()

            let second = provider(folder: folder.path)
            let again = try await answer(Self.request, from: second)
            let root = try await second.rootURL()
            let health = HTTPRequest(method: "GET", url: root + "/health")
            var status = 0
            for try await part in CurlTransport().stream(health) { if case .head(let head) = part { status = head.status } }
            await second.stop()
            #expect(status == 200, "the server still runs")
            #expect(again == written)
            let key = String(Self.savedFiles(in: folder.path).first?.dropLast(4) ?? "")
            #expect(SavedPrompts(folder: folder.path).isIntact(key), "the prompt is saved whole again")
        }
    }

    @Test func requestsWithoutASharedPrefixAreLeftAlone() async throws {
        try await withTemporaryDirectory { folder in
            let provider = provider(folder: folder.path)
            var request = Self.request
            request.sharedPrefix = 0
            _ = try await answer(request, from: provider)
            await provider.stop()
            #expect(Self.savedFiles(in: folder.path).isEmpty)
        }
    }
}

@Suite struct SavedPromptsTests {
    @Test func aDraftIsSealedOnlyWhenItIsWhatTheServerWrote() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let prompts = SavedPrompts(folder: folder.path)
        let draft = folder.path + "/" + SavedPrompts.draftName("k")
        FileManager.default.createFile(atPath: draft, contents: Data(repeating: 7, count: 1000))
        #expect(throws: (any Error).self) { try prompts.seal("k", written: 2000) }
        #expect(!prompts.isIntact("k"))
        #expect(!FileManager.default.fileExists(atPath: draft), "a bad draft is removed")

        FileManager.default.createFile(atPath: draft, contents: Data(repeating: 7, count: 1000))
        try prompts.seal("k", written: 1000)
        #expect(prompts.isIntact("k"))
        #expect(!FileManager.default.fileExists(atPath: draft))
    }

    @Test func aFileChangedAfterItWasSealedIsDeleted() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let prompts = SavedPrompts(folder: folder.path)
        FileManager.default.createFile(atPath: folder.path + "/" + SavedPrompts.draftName("k"), contents: Data(repeating: 7, count: 1000))
        try prompts.seal("k", written: 1000)
        var bytes = Data(repeating: 7, count: 1000)
        bytes[500] = 8
        try bytes.write(to: folder.url.appendingPathComponent(SavedPrompts.fileName("k")))
        #expect(!prompts.isIntact("k"))
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/" + SavedPrompts.fileName("k")))
    }

    @Test func theLeastRecentlyUsedPromptsPastTheLimitAreDeleted() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        var prompts = SavedPrompts(folder: folder.path)
        prompts.limit = 2
        for (index, key) in ["a", "b", "c"].enumerated() {
            FileManager.default.createFile(atPath: folder.path + "/" + SavedPrompts.draftName(key), contents: Data([UInt8(index)]))
            try prompts.seal(key, written: 1)
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: Double(index - 10))],
                                                  ofItemAtPath: folder.path + "/" + SavedPrompts.fileName(key))
        }
        prompts.touch("c")
        #expect(!prompts.isIntact("a"))
        #expect(prompts.isIntact("b"))
        #expect(prompts.isIntact("c"))
    }
}
