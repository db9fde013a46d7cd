import FolioCore
import FolioHTTP
@testable import FolioPosts
import FolioProviders
import FolioTesting
import Testing

/// The bundled llama-server holds the model to a ``ClauseTrim`` grammar: every answer is the
/// fact's first clause and later ones in order, whatever the seed.
@Suite struct ClauseTrimLocalModelTests {
    @Test func theBundledModelAnswersOnlyWithTheFactsOwnClauses() async throws {
        let environment = FolioBinary.environment()
        let configuration = LocalModelServer.Configuration(
            serverPath: environment["LLAMA_SERVER_PATH"]!, modelPath: environment["LOCAL_MODEL_PATH"]!)
        let fact = "It is the recommended replacement for Python's original platform.linux_distribution function "
            + "(removed in Python 3.8), and it reads the os-release file."
        let trim = ClauseTrim(fact: fact, name: "distro")
        let transport = CurlTransport()
        let answers = try await withLocalModelServer(configuration, transport: transport) { server in
            let provider = OpenAICompatibleProvider(
                name: "local", endpoint: Endpoint(baseURL: server.baseURL, model: "local"), transport: transport)
            var answers: [String] = []
            for seed in 1...3 {
                var request = ChatRequest(messages: PostPrompts.trim(name: "distro", fact: fact), maxTokens: 120,
                                          temperature: 0.6, seed: seed)
                request.grammar = trim.grammar
                var text = ""
                for try await event in provider.stream(request) {
                    if case .text(let piece) = event { text += piece }
                }
                answers.append(text)
            }
            return answers
        }
        for answer in answers {
            #expect(trim.accepts(answer), "\(answer)")
        }
    }
}
