/// Another counter's count times a safety margin, rounded up: how Folio approximates a
/// model whose own tokenizer it does not run (Claude, Gemini, Llama) with cl100k.
public struct ScaledTokenCounter: TokenCounter {
    /// The counter that is scaled.
    public let base: any TokenCounter
    /// The factor (at least 1).
    public let margin: Double

    /// Scales `base` by `margin`.
    public init(_ base: any TokenCounter, margin: Double) {
        self.base = base
        self.margin = max(1, margin)
    }

    public var encodingName: String { margin == 1 ? base.encodingName : "\(base.encodingName)×\(margin)" }

    public func count(_ text: String) -> Int {
        let count = base.count(text)
        return margin == 1 ? count : Int((Double(count) * margin).rounded(.up))
    }
}
