import ArgumentParser
import FolioRuntime
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

        @Option(help: "The tokenizer.")
        var encoding: TokenEncoding = .cl100k

        @Flag(help: "Print a JSON array of token ids instead of the count.")
        var ids = false

        @OptionGroup var globalOptions: GlobalOptions

        func run() async throws {
            let input = FileHandle.standardInput.readDataToEndOfFile()
            guard let text = String(validating: input, as: UTF8.self) else {
                throw FolioError.badInput("stdin is not valid UTF-8 text")
            }
            let tokens = try await globalOptions.withRuntime { try await $0.tokenize(text, encoding: encoding) }
            if ids {
                let json = try JSONSerialization.data(withJSONObject: tokens)
                Terminal.write(String(decoding: json, as: UTF8.self) + "\n")
            } else {
                Terminal.write("\(tokens.count)\n")
            }
        }
    }
}

extension TokenEncoding: ExpressibleByArgument {}
