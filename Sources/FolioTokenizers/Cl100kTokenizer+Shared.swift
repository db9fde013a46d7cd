import Synchronization

extension Cl100kTokenizer {
    private static let loaded = Mutex<[String: Cl100kTokenizer]>([:])

    /// The tokenizer for `path`, loaded once per process and shared (it is immutable).
    public static func shared(ranksFile path: String) throws(TokenizerError) -> Cl100kTokenizer {
        if let tokenizer = loaded.withLock({ $0[path] }) { return tokenizer }
        let tokenizer = try Cl100kTokenizer(ranksFile: path)
        loaded.withLock { $0[path] = tokenizer }
        return tokenizer
    }
}
