/// Counts UTF-8 bytes: an upper bound on the tokens of any byte-level BPE (every token covers
/// at least one byte), so a budget checked with it can never be exceeded. Used when no real
/// tokenizer file is available; it wastes room, it never overflows.
public struct UTF8ByteCounter: TokenCounter {
    /// Creates the counter.
    public init() {}

    public var encodingName: String { "utf8-bytes" }

    public func count(_ text: String) -> Int { text.utf8.count }
}
