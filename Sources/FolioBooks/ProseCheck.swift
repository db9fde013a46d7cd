/// The chapter guards run over a finished text: what a short piece (a post, a hook line) keeps
/// once loops, copies of its prompt and echoed scaffolding are taken out.
///
///     let check = ProseCheck.check(answer, reference: [instructions])
///     if let violation = check.violation { … ask again … }
public struct ProseCheck: Sendable, Equatable {
    /// The text the guards let through: every clean sentence before the first violation, with
    /// headings, prompt labels and talk about the text dropped as lines.
    public var text: String
    /// The loop, copy or persistent echo that stopped the text, if any.
    public var violation: GuardAction?
    /// Lines dropped as headings, echoes or meta talk.
    public var dropped: [GuardAction]

    /// Checks `text` as a chapter is checked while it streams: a sentence or a run of
    /// `loopRunWords` words repeating the text is a loop, a run of `copyRunWords` words of a
    /// `reference` text is a copy, and lines that are headings (`titles` included), prompt
    /// labels or talk about the text are dropped.
    public static func check(_ text: String, reference: [String], titles: [String] = [],
                             loopRunWords: Int = 8, copyRunWords: Int = 12) -> ProseCheck {
        var configuration = ChapterGuard.Configuration()
        configuration.loopRunWords = loopRunWords
        configuration.copyRunWords = copyRunWords
        configuration.narrative = false
        var guardian = ChapterGuard(reference: reference, titles: titles, configuration: configuration)
        var step = guardian.feed(text)
        if step.stop == nil { step = guardian.finish() }
        var violation: GuardAction?
        if case .violation(let kind, let offending)? = step.stop {
            violation = GuardAction(kind: kind, attempt: 0, action: "stopped", text: offending)
        }
        let dropped = guardian.takeDropped().map { GuardAction(kind: $0.kind, attempt: 0, action: "dropped", text: $0.text) }
        return ProseCheck(text: guardian.accepted, violation: violation, dropped: dropped)
    }

    /// Whether a line of `text` reads as a heading, prompt label or talk about the text.
    public static func isScaffolding(_ line: String) -> Bool {
        let guardian = ChapterGuard(reference: [], titles: [])
        return guardian.scaffolding(line, words: WordRuns.words(line)) != nil
    }
}
