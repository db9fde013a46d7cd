import FolioCore
import FolioHTTP
import FolioProviders
import FolioTesting
import Foundation

/// Time to first token through Folio (OpenAI-style client over libcurl) against `curl`
/// sending the same request to the same local llama-server, median of 20 runs each,
/// interleaved so both see the same machine load.
///
/// The curl figure is measured from spawning curl to the first content bytes on its output,
/// so it includes curl's own start-up, as a user calling it would see.
func runFirstTokenBenchmark(runs: Int = 20) async throws -> [BenchmarkFigure] {
    let root = FolioBinary.packageRoot.path
    let configuration = LocalModelServer.Configuration(
        serverPath: root + "/models/bin/llama-server",
        modelPath: root + "/" + Settings.LocalModel.bundledModelPath)
    let transport = CurlTransport()
    return try await withLocalModelServer(configuration, transport: transport) { server in
        let provider = OpenAICompatibleProvider(
            name: "local", endpoint: Endpoint(baseURL: server.baseURL, model: "local"), transport: transport)
        let request = ChatRequest(messages: [ChatMessage(.user, "Say hello.")], maxTokens: 8, temperature: 0)
        let body = #"{"model":"local","messages":[{"role":"user","content":"Say hello."}],"stream":true,"max_tokens":8,"temperature":0}"#
        let scratch = try TemporaryDirectory("folio-bench")
        defer { scratch.remove() }

        var folio: [Double] = []
        var curl: [Double] = []
        for run in 0..<(runs + 2) {
            let folioTime = try await firstToken(provider: provider, request: request)
            let curlTime = try await firstTokenWithCurl(url: server.baseURL + "/chat/completions", body: body,
                                                        scratch: scratch, run: run)
            if run >= 2 {  // the first two warm up the server and the prompt cache
                folio.append(folioTime)
                curl.append(curlTime)
            }
        }
        let ours = BenchmarkFigure.median(folio) * 1000
        let baseline = BenchmarkFigure.median(curl) * 1000
        return [
            BenchmarkFigure(name: "first token, local model (median of \(runs))", value: ours, unit: "ms",
                            baseline: baseline),
            BenchmarkFigure(name: "first-token overhead vs curl", value: ours - baseline, unit: "ms",
                            baseline: 0),
        ]
    }
}

private func firstToken(provider: OpenAICompatibleProvider, request: ChatRequest) async throws -> Double {
    let started = ContinuousClock.now
    var first: Duration?
    for try await event in provider.stream(request) {
        if case .text = event, first == nil { first = ContinuousClock.now - started }
    }
    guard let first else { throw FolioError.runtime("the local model sent no text") }
    return first.seconds
}

private func firstTokenWithCurl(url: String, body: String, scratch: TemporaryDirectory, run: Int) async throws -> Double {
    let output = scratch.appending("curl-\(run).txt")
    let started = ContinuousClock.now
    let process = try ChildProcess(
        executable: "/usr/bin/curl",
        arguments: ["-sN", url, "-H", "Content-Type: application/json", "-d", body],
        stdoutPath: output)
    var first: Duration?
    while first == nil {
        if let text = try? String(contentsOfFile: output, encoding: .utf8), text.contains(#""content":""#),
           text.range(of: #""content":"[^"]"#, options: .regularExpression) != nil {
            first = ContinuousClock.now - started
        } else if process.hasExited, first == nil {
            let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
            guard text.range(of: #""content":"[^"]"#, options: .regularExpression) != nil else {
                throw FolioError.runtime("curl got no text from the local model")
            }
        } else {
            usleep(200)
        }
    }
    _ = await process.wait(timeout: 30)
    return first!.seconds
}
