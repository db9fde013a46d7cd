/// A provider-neutral completion request.
public struct ChatRequest: Sendable, Equatable {
    /// The conversation so far; a trailing assistant message is text to continue.
    public var messages: [ChatMessage]
    /// The model; `nil` uses the provider's default.
    public var model: String?
    /// Upper bound on generated tokens.
    public var maxTokens: Int?
    /// Sampling temperature.
    public var temperature: Double?
    /// Stop sequences.
    public var stop: [String]
    /// A JSON schema the answer must follow, where the provider can enforce it.
    public var jsonSchema: String?
    /// Penalty on tokens by how often they already appeared (-2 to 2), where supported.
    public var frequencyPenalty: Double?
    /// Penalty on tokens that already appeared at all (-2 to 2), where supported.
    public var presencePenalty: Double?
    /// What the call is for, e.g. `outline:<slug>` or `chapter:<slug>:3`; never sent to the
    /// provider, used by layers such as caches and logs.
    public var purpose: String?
    /// Sampler seed, where the provider takes one: a different seed draws a different answer.
    public var seed: Int?
    /// Repetition control for servers that run llama.cpp's samplers (the bundled `local` tier);
    /// other providers ignore it.
    public var repetition: RepetitionControl?
    /// A GBNF grammar the answer must match, for servers that run llama.cpp's samplers (the
    /// bundled `local` tier); other providers ignore it.
    public var grammar: String?
    /// Pieces of text whose tokens the sampler favours (a positive number, added to their
    /// logits) or avoids (a negative one), for servers that run llama.cpp's samplers (the
    /// bundled `local` tier, which tokenises each piece itself); other providers ignore it.
    /// Empty for none.
    public var textBias: [String: Double] = [:]
    /// The server slot that answers (llama-server's `id_slot`), for calls that go on from one
    /// another: llama.cpp keeps each slot's last prompt evaluated, and a call sent after one
    /// the caller cancelled went to another slot (the cancelled one was still busy) and read
    /// its whole prompt again. Only the `local` tier gets it; not part of the cache key.
    public var slot: Int?
    /// How many of the leading messages many requests share, across books and runs (a worked
    /// example): the bundled `local` tier restores their evaluation, saved by an earlier server,
    /// rather than read them again. 0 for none; not part of the cache key.
    public var sharedPrefix = 0
    /// Whether the caller may stop reading before the answer ends, at a place that depends only
    /// on the text it has read (a chapter's guards): a cache then keeps what was read as the
    /// answer, finished ``FinishReason/cut``, so a replay stops there again and the call's
    /// remaining tokens are never generated. Part of the cache key.
    public var keepsCutAnswer = false
    /// Whether the last two messages are the answer so far and the plain instruction to go on
    /// (``continuing(from:instruction:)``): a tier that can continue an answer in place (the
    /// `local` tier, llama.cpp's assistant prefill) leaves the instruction out and goes on from
    /// the answer itself, whose tokens its server has already read. Part of the cache key.
    public var continuesAnswer = false

    /// Creates a request.
    public init(
        messages: [ChatMessage],
        model: String? = nil,
        maxTokens: Int? = nil,
        temperature: Double? = nil,
        stop: [String] = [],
        jsonSchema: String? = nil,
        frequencyPenalty: Double? = nil,
        presencePenalty: Double? = nil,
        purpose: String? = nil,
        seed: Int? = nil,
        repetition: RepetitionControl? = nil
    ) {
        self.messages = messages
        self.model = model
        self.maxTokens = maxTokens
        self.temperature = temperature
        self.stop = stop
        self.jsonSchema = jsonSchema
        self.frequencyPenalty = frequencyPenalty
        self.presencePenalty = presencePenalty
        self.purpose = purpose
        self.seed = seed
        self.repetition = repetition
    }
}
