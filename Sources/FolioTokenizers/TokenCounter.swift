/// Counts the tokens a text costs under one tokenizer.
public protocol TokenCounter: Sendable {
    /// A short name of the encoding, e.g. `cl100k`.
    var encodingName: String { get }
    /// The number of tokens in `text`.
    func count(_ text: String) -> Int
}
