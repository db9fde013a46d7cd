/// llama.cpp's own guards against a model repeating itself, sent as llama-server's request
/// fields (`repeat_penalty`, `repeat_last_n`, `dry_*`) and the server's prompt cache.
///
/// DRY ("don't repeat yourself") penalises a token that would extend a sequence already seen
/// in the text, exponentially in the sequence's length past `dryAllowedLength`: it stops loops
/// and verbatim copying of the prompt without damping ordinary words the way a plain
/// repetition penalty does.
public struct RepetitionControl: Sendable, Equatable {
    /// Penalty on recently used tokens (1 is none).
    public var repeatPenalty: Double?
    /// How many recent tokens the repeat penalty looks at (-1: the whole context).
    public var repeatLastN: Int?
    /// DRY's strength (0 is off).
    public var dryMultiplier: Double?
    /// DRY's growth per token beyond the allowed length.
    public var dryBase: Double?
    /// Longest repeated sequence DRY lets pass without penalty.
    public var dryAllowedLength: Int?
    /// How many recent tokens DRY looks at, prompt included (0 turns it off).
    public var dryPenaltyLastN: Int?
    /// Whether the server may reuse the cached evaluation of a prompt's common prefix.
    public var cachePrompt: Bool?

    /// Creates a repetition control; absent fields keep the server's defaults.
    public init(repeatPenalty: Double? = nil, repeatLastN: Int? = nil, dryMultiplier: Double? = nil,
                dryBase: Double? = nil, dryAllowedLength: Int? = nil, dryPenaltyLastN: Int? = nil,
                cachePrompt: Bool? = nil) {
        self.repeatPenalty = repeatPenalty
        self.repeatLastN = repeatLastN
        self.dryMultiplier = dryMultiplier
        self.dryBase = dryBase
        self.dryAllowedLength = dryAllowedLength
        self.dryPenaltyLastN = dryPenaltyLastN
        self.cachePrompt = cachePrompt
    }
}
