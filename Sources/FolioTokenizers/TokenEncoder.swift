/// A tokenizer that gives token ids, not only a count.
public protocol TokenEncoder: TokenCounter {
    /// The token ids of `text`.
    func encode(_ text: String) -> [Int]
}

extension TokenEncoder {
    /// The number of tokens in `text`: the length of its encoding.
    public func count(_ text: String) -> Int { encode(text).count }
}
