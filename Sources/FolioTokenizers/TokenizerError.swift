/// Why a tokenizer could not be loaded.
public struct TokenizerError: Error, Sendable, CustomStringConvertible, Equatable {
    /// One line a user can act on.
    public let description: String

    private init(_ description: String) { self.description = description }

    /// The vocabulary or ranks file is missing or unreadable.
    public static func unreadable(_ path: String) -> TokenizerError {
        TokenizerError("cannot read the tokenizer file \(path); run scripts/setup to fetch it")
    }

    /// The model file uses a tokenizer kind Folio does not implement.
    public static func unsupported(_ path: String, model: String) -> TokenizerError {
        TokenizerError("the model \(path) uses a '\(model)' tokenizer; only byte-level BPE ('gpt2') GGUF models are read natively")
    }

    /// A binary model file whose header cannot be read.
    public static func corrupt(_ path: String) -> TokenizerError {
        TokenizerError("cannot read the tokenizer of \(path): its header is truncated or malformed")
    }

    /// The file is there but a line of it is malformed.
    public static func malformed(_ path: String, line: Int) -> TokenizerError {
        TokenizerError("the tokenizer file \(path) is malformed at line \(line); run scripts/setup to fetch it again")
    }
}
