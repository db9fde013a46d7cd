/// Something a chapter's guards did while it was written, kept in `book.json`.
public struct GuardAction: Sendable, Equatable, Codable {
    /// What was found or done.
    public enum Kind: String, Sendable, Codable {
        /// A sentence, or a run of words, repeated what the chapter already said.
        case loop
        /// A run of words was taken verbatim from the prompt or its context.
        case copy
        /// A sentence said again, in other words, what an earlier chapter said.
        case paraphrase
        /// A line echoed the prompt's labels or instructions.
        case echo
        /// A chapter heading or byline the model invented.
        case heading
        /// Talk about the chapter instead of the chapter ("In this chapter…").
        case meta
        /// A label opening a paragraph ("The map: In the depths…"): the label is dropped, its sentence kept.
        case label
        /// The chapter was far shorter than its target and was continued.
        case short
        /// The chapter reached far past its target and was cut at a sentence end.
        case long
        /// Words run together ("withan unforgivinglightasi stood atopthe"): the model, pushed off
        /// its common words by repetition penalties, took their forms without a leading space.
        case garbled
        /// A sentence mostly of words the book's language does not have ("El primer parte de la
        /// tradición de buen comercio es el lado de los célamos." in an English guide, a benchmark
        /// chapter written so from its first line): the model left the language. A sentence
        /// with one word the language lacks ("…getting rid of problems with problemals.") is dropped.
        case language
        /// A sentence cut off by the token limit that the next call did not finish, starting a
        /// sentence of its own instead: the unfinished one is dropped, never shown.
        case unfinished
        /// An attempt whose opening was mostly talk about the writing or prompt echo: thrown
        /// away whole, nothing of it kept, and drawn again.
        case failed
    }

    /// What was found or done.
    public var kind: Kind
    /// The attempt (0 for the first call) in which it happened.
    public var attempt: Int
    /// What was done about it: `dropped` (the line), `continued` (from the last clean sentence),
    /// `resampled` (nothing clean was left), `cut` or `kept` (attempts exhausted).
    public var action: String
    /// The offending text, shortened.
    public var text: String?

    /// Creates an action.
    public init(kind: Kind, attempt: Int, action: String, text: String? = nil) {
        self.kind = kind
        self.attempt = attempt
        self.action = action
        self.text = text
    }
}
