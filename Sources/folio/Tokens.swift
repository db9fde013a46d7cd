import ArgumentParser
import FolioContext
import FolioCore
import FolioProviders
import FolioTokenizers
import Foundation

extension Folio {
    /// `folio tokens`: the token count (or ids) of stdin's text.
    struct Tokens: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Count the tokens of stdin's UTF-8 text, or print their ids.",
            discussion: """
                cl100k is byte for byte OpenAI's cl100k_base (special tokens in the text count as \
                ordinary text); wordpiece is the MiniLM vocabulary of the embedder (without [CLS] \
                and [SEP]); local is the local model's own tokenizer, read natively from its GGUF file \
                (as its llama-server's /tokenize gives it), or asked of the server at LOCAL_BASE_URL \
                when that is set or the model's tokenizer is not byte-level BPE.
                """)

        /// The tokenizers on offer.
        enum Encoding: String, ExpressibleByArgument, CaseIterable {
            case cl100k, wordpiece, local
        }

        @Option(help: "Tokenizer: \(Encoding.allCases.map(\.rawValue).joined(separator: ", ")).")
        var encoding: Encoding = .cl100k

        @Flag(help: "Print a JSON array of token ids instead of the count.")
        var ids = false

        @Option(name: .customLong("config"), help: "Settings file (default: ./config.env when present).")
        var configFile: String?

        func run() async throws {
            let settings = try await Settings.load(configFile: configFile)
            FolioLogging.bootstrap(level: settings.logLevel)
            let input = FileHandle.standardInput.readDataToEndOfFile()
            guard let text = String(validating: input, as: UTF8.self) else {
                throw FolioError.badInput("stdin is not valid UTF-8 text")
            }
            let tokens = try await encode(text, settings: settings)
            if ids {
                let json = try JSONSerialization.data(withJSONObject: tokens)
                Terminal.write(String(decoding: json, as: UTF8.self) + "\n")
            } else {
                Terminal.write("\(tokens.count)\n")
            }
        }

        private func encode(_ text: String, settings: Settings) async throws -> [Int] {
            switch encoding {
            case .cl100k:
                do {
                    return try Cl100kTokenizer.shared(ranksFile: settings.context.cl100kRanksPath).encode(text)
                } catch {
                    throw FolioError.badInput(error.description)
                }
            case .wordpiece:
                let path = settings.context.wordPieceVocabularyPath
                guard FileManager.default.isReadableFile(atPath: path) else {
                    throw FolioError.badInput("cannot read the WordPiece vocabulary \(path); run scripts/setup to fetch it")
                }
                // encode(_:) adds [CLS] first and [SEP] last.
                return Array(try WordPieceTokenizer(vocabularyFile: path).encode(text).dropFirst().dropLast())
            case .local:
                let transport = CurlTransport()
                if let running = settings.local.baseURL {
                    return try await LlamaServerTokenizer(rootURL: running, transport: transport).encode(text)
                }
                if let native = try? GGUFTokenizer.shared(ggufFile: settings.local.modelPath) {
                    return native.encode(text)
                }
                let configuration = LocalModelServer.Configuration(settings.local)
                try LocalModelServer.checkInstalled(configuration)
                return try await withLocalModelServer(configuration, transport: transport) { server in
                    try await LlamaServerTokenizer(rootURL: server.rootURL, transport: transport).encode(text)
                }
            }
        }
    }
}
