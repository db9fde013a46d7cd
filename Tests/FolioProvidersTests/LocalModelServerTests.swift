import FolioHTTP
import Foundation
import Testing
import FolioCore
@testable import FolioProviders
import FolioTesting
#if canImport(Glibc)
import Glibc
#endif

@Suite struct LocalModelServerTests {
    static var configuration: LocalModelServer.Configuration {
        let environment = FolioBinary.environment()
        return LocalModelServer.Configuration(
            serverPath: environment["LLAMA_SERVER_PATH"]!, modelPath: environment["LOCAL_MODEL_PATH"]!)
    }

    @Test func startsHealthyServesAndStopsWithoutOrphans() async throws {
        let transport = CurlTransport()
        var pid: pid_t = 0
        let text = try await withLocalModelServer(Self.configuration, transport: transport) { server in
            pid = server.process.pid
            #expect(server.rootURL.hasPrefix("http://127.0.0.1:"))
            #expect(try await server.healthStatus(transport: transport) == 200)
            let provider = OpenAICompatibleProvider(
                name: "local", endpoint: Endpoint(baseURL: server.baseURL, model: "local"), transport: transport)
            var text = ""
            var finish: FinishReason?
            for try await event in provider.stream(ChatRequest(messages: [ChatMessage(.user, "Say hello.")],
                                                               maxTokens: 8, temperature: 0)) {
                if case .text(let piece) = event { text += piece }
                if case .finish(let reason) = event { finish = reason }
            }
            #expect(finish != nil)
            return text
        }
        #expect(!text.isEmpty)
        #expect(kill(pid, 0) != 0, "llama-server \(pid) still running after the scope ended")
    }

    @Test("llama-server tokenises a text bias itself and its sampler follows it")
    func aTextBiasReachesTheSampler() async throws {
        let transport = CurlTransport()
        let (plain, favoured) = try await withLocalModelServer(Self.configuration, transport: transport) { server in
            let provider = OpenAICompatibleProvider(
                name: "local", endpoint: Endpoint(baseURL: server.baseURL, model: "local"), transport: transport)
            func answer(_ bias: [String: Double]) async throws -> String {
                var request = ChatRequest(messages: [ChatMessage(.user, "Name one animal. Answer with one word.")],
                                          maxTokens: 6, temperature: 0)
                request.textBias = bias
                var text = ""
                for try await event in provider.stream(request) {
                    if case .text(let piece) = event { text += piece }
                }
                return text.lowercased()
            }
            // Whole-word tokens only: "Zebra" is two ("Z", "ebra"), and favouring "ebra" makes it loop.
            return (try await answer([:]), try await answer([" zebra": 8, " Zebra": 8]))
        }
        #expect(!plain.contains("zebra"), "\(plain)")
        #expect(favoured.contains("zebra"), "\(favoured)")
    }

    @Test func serverIsStoppedWhenTheWorkThrows() async throws {
        struct Boom: Error {}
        var pid: pid_t = 0
        await #expect(throws: Boom.self) {
            try await withLocalModelServer(Self.configuration, transport: CurlTransport()) { server in
                pid = server.process.pid
                throw Boom()
            }
        }
        #expect(pid > 0)
        #expect(kill(pid, 0) != 0)
    }

    @Test func missingFilesSayRunSetup() {
        var configuration = Self.configuration
        configuration.modelPath = "/nonexistent/model.gguf"
        #expect(throws: FolioError.badInput("local model not found at /nonexistent/model.gguf: run scripts/setup")) {
            try LocalModelServer.checkInstalled(configuration)
        }
        configuration = Self.configuration
        configuration.serverPath = "/nonexistent/llama-server"
        #expect(throws: FolioError.badInput("llama-server not found at /nonexistent/llama-server: run scripts/setup")) {
            try LocalModelServer.checkInstalled(configuration)
        }
    }

    @Test func portIsReadFromTheServerLog() {
        let log = "srv  init: UI disabled\n0.00.24 I srv  llama_server: listening on http://127.0.0.1:33437\n"
        #expect(LocalModelServer.listeningPort(in: log) == 33437)
        #expect(LocalModelServer.listeningPort(in: "loading model…") == nil)
    }

    /// A child spawned from a concurrency thread must still receive SIGTERM: the spawn clears
    /// the inherited signal mask.
    @Test func childSpawnedFromATaskReceivesSigterm() async throws {
        try await withTemporaryDirectory { directory in
            let child = try await Task.detached {
                try ChildProcess(executable: "/bin/sleep", arguments: ["30"], stdoutPath: directory.appending("out"))
            }.value
            child.send(SIGTERM)
            let code = await child.wait(timeout: 5)
            #expect(code == 128 + SIGTERM)
        }
    }
}
