/// The tokenizers `folio tokens` offers.
public enum TokenEncoding: String, CaseIterable, Sendable {
    /// OpenAI's cl100k_base, byte for byte.
    case cl100k
    /// The MiniLM WordPiece vocabulary of the embedder.
    case wordpiece
    /// The local model's own tokenizer.
    case local
}
