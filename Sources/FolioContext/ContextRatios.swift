/// How the tokens left after the essentials are shared when every kind of material competes
/// for them: recent chapters in full (core), retrieved passages, and summaries.
///
/// A share that its material does not need passes to the others, so the ratios decide
/// contention and never leave room unused.
public struct ContextRatios: Sendable, Equatable {
    /// Share of the previous chapters in full.
    public var core: Double
    /// Share of retrieved passages.
    public var retrieved: Double
    /// Share of chapter summaries and the rolling summary.
    public var summaries: Double

    /// Ratios; they need not add up to 1 (they are normalised).
    public init(core: Double = 0.4, retrieved: Double = 0.4, summaries: Double = 0.2) {
        self.core = core
        self.retrieved = retrieved
        self.summaries = summaries
    }

    /// Splits `tokens` between the kinds that have material, in proportion to their ratios.
    func split(_ tokens: Int, hasCore: Bool, hasRetrieved: Bool, hasSummaries: Bool) -> (core: Int, retrieved: Int, summaries: Int) {
        let weights = [hasCore ? core : 0, hasRetrieved ? retrieved : 0, hasSummaries ? summaries : 0]
        let total = weights.reduce(0, +)
        guard total > 0 else { return (0, 0, 0) }
        let shares = weights.map { Int((Double(tokens) * $0 / total).rounded(.down)) }
        return (shares[0], shares[1], shares[2])
    }
}
