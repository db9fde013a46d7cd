import FolioCache
import FolioCore
import FolioHTTP
import FolioProviders
import FolioTesting
import Foundation
import Testing

/// The response cache tells tiers apart by where their answers come from, not only by
/// name and model: each server's base URL, and the bundled model's file.
@Suite("Cache route")
struct CacheRouteTests {
    static let request = ChatRequest(messages: [.init(.user, "Name the lighthouse.")], maxTokens: 20)

    static func answer(_ streamer: CachingStreamer) async throws -> (text: String, provider: String) {
        var text = ""
        var provider = ""
        for try await event in streamer.stream(request) {
            switch event {
            case .text(let piece): text += piece
            case .attempt(let name, _): provider = name
            default: break
            }
        }
        return (text, provider)
    }

    static func openAIStyle(_ server: LoopbackServer) -> any LanguageModelProvider {
        ProviderCatalog.provider("openai-compatible", endpoint: Endpoint(baseURL: server.baseURL + "/v1", model: "default"),
                                 transport: CurlTransport())
    }

    @Test func twoServersBothCallingTheirModelDefaultDoNotShareAnswers() async throws {
        let cache = MemoryCache()
        try await withLoopbackServer({ _ in LoopbackAction.eventStream(ProviderWire.stream(.openAI, pieces: ["From A."])) }) { first in
            try await withLoopbackServer({ _ in LoopbackAction.eventStream(ProviderWire.stream(.openAI, pieces: ["From B."])) }) { second in
                let viaFirst = CachingStreamer(chain: ProviderChain(tiers: [Self.openAIStyle(first)]), cache: cache)
                let viaSecond = CachingStreamer(chain: ProviderChain(tiers: [Self.openAIStyle(second)]), cache: cache)
                let fromFirst = try await Self.answer(viaFirst)
                let fromSecond = try await Self.answer(viaSecond)
                #expect(fromFirst.text == "From A." && fromFirst.provider == "openai-compatible")
                #expect(fromSecond.text == "From B." && fromSecond.provider == "openai-compatible")
                #expect(second.requests.count == 1, "the second server was asked, not the cache")
                // Each server's own answer is still cached.
                let againFirst = try await Self.answer(viaFirst)
                let againSecond = try await Self.answer(viaSecond)
                #expect(againFirst.text == "From A." && againFirst.provider == CachingStreamer.providerName)
                #expect(againSecond.text == "From B." && againSecond.provider == CachingStreamer.providerName)
                #expect(first.requests.count == 1 && second.requests.count == 1)
            }
        }
    }

    @Test func theRouteNamesEachEndpointButNeverItsKey() {
        let key = "sk-route-9a8b7c6d"
        let tiers = ["openai", "anthropic", "gemini", "ollama"].map { tier in
            ProviderCatalog.provider(tier, endpoint: Endpoint(baseURL: "https://\(tier).example.com/", apiKey: Secret(key), model: "m"),
                                     transport: CurlTransport())
        }
        let route = CachingStreamer.route(of: ProviderChain(tiers: tiers))
        #expect(route == "openai=m@https://openai.example.com,anthropic=m@https://anthropic.example.com,"
                + "gemini=m@https://gemini.example.com,ollama=m@https://ollama.example.com")
        #expect(!route.contains(key))
    }

    /// The bundled `local` tier as the runtime builds it (never started: the route is read
    /// before any call).
    static func localRoute(_ directory: TemporaryDirectory, model: String) -> String {
        let configuration = LocalModelServer.Configuration(serverPath: directory.appending("llama-server"),
                                                           modelPath: directory.appending(model))
        let local = LazyLocalModelProvider(configuration: configuration, modelName: "shared-name", transport: CurlTransport())
        return CachingStreamer.route(of: ProviderChain(tiers: [local]))
    }

    @Test func twoModelFilesUnderOneNameOrAReplacedFileDoNotShareAnswers() async throws {
        try await withTemporaryDirectory { directory in
            let server = directory.appending("llama-server")
            FileManager.default.createFile(atPath: server, contents: Data("#!/bin/sh\nexit 1\n".utf8),
                                           attributes: [.posixPermissions: 0o755])
            FileManager.default.createFile(atPath: directory.appending("a.gguf"), contents: Data("GGUF model a".utf8))
            FileManager.default.createFile(atPath: directory.appending("b.gguf"), contents: Data("GGUF model b".utf8))
            let first = Self.localRoute(directory, model: "a.gguf")
            #expect(first.hasPrefix("local=shared-name@file:"))
            #expect(first.contains("a.gguf"))
            #expect(Self.localRoute(directory, model: "a.gguf") == first, "the same file gives the same route")
            #expect(Self.localRoute(directory, model: "b.gguf") != first)

            // The same path, replaced by another model of another size and time.
            let old = Date(timeIntervalSince1970: 1_700_000_000)
            try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: directory.appending("a.gguf"))
            let dated = Self.localRoute(directory, model: "a.gguf")
            #expect(dated != first)
            try Data("GGUF model a, retrained".utf8).write(to: URL(fileURLWithPath: directory.appending("a.gguf")))
            try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: directory.appending("a.gguf"))
            #expect(Self.localRoute(directory, model: "a.gguf") != dated)
        }
    }
}
