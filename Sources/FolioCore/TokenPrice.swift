/// What a provider charges, in US dollars per million tokens.
public struct TokenPrice: Sendable, Equatable {
    /// Per million prompt tokens (`PRICE_<PROVIDER>_INPUT_PER_MTOK`).
    public var inputPerMillion: Double
    /// Per million generated tokens (`PRICE_<PROVIDER>_OUTPUT_PER_MTOK`).
    public var outputPerMillion: Double

    /// Creates a price.
    public init(inputPerMillion: Double, outputPerMillion: Double) {
        self.inputPerMillion = inputPerMillion
        self.outputPerMillion = outputPerMillion
    }

    /// Nothing charged (local models).
    public static let free = TokenPrice(inputPerMillion: 0, outputPerMillion: 0)

    /// The cost of `promptTokens` in and `completionTokens` out.
    public func cost(promptTokens: Int, completionTokens: Int) -> Double {
        (Double(promptTokens) * inputPerMillion + Double(completionTokens) * outputPerMillion) / 1_000_000
    }
}
