import FolioContext
import FolioCore
import FolioProviders
import FolioTokenizers
import Foundation

extension FolioRuntime {
    /// The token ids of `text` under `encoding`.
    ///
    /// `cl100k` special tokens in the text count as ordinary text; `wordpiece` leaves out
    /// `[CLS]` and `[SEP]`; `local` reads the local model's tokenizer from its GGUF file, or asks
    /// the server at `LOCAL_BASE_URL` (or the bundled server, when the file's tokenizer is not
    /// byte-level BPE). A missing tokenizer file is bad input.
    public func tokenize(_ text: String, encoding: TokenEncoding) async throws -> [Int] {
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
            return Array(try WordPieceTokenizer(vocabularyFile: path).encode(text).dropFirst().dropLast())
        case .local:
            if let running = settings.local.baseURL {
                return try await LlamaServerTokenizer(rootURL: running, transport: transport).encode(text)
            }
            if let native = try? GGUFTokenizer.shared(ggufFile: settings.local.modelPath) {
                return native.encode(text)
            }
            let configuration = LocalModelServer.Configuration(settings)
            try LocalModelServer.checkInstalled(configuration)
            return try await withLocalModelServer(configuration, transport: transport) { server in
                try await LlamaServerTokenizer(rootURL: server.rootURL, transport: transport).encode(text)
            }
        }
    }
}
