import FolioCore
import FolioProviders
import Foundation

/// Writes one chapter's body through the provider chain: streams it through the chapter's
/// guards, continues it when it stops short or for length, and, when a guard stops an
/// attempt, continues from the last clean sentence (or resamples) with a different seed and
/// stronger repetition control. Only text the guards accept is ever shown.
struct ChapterWriter: Sendable {
    /// What writing a chapter produced.
    struct Result: Sendable {
        var text: String
        var usage: TokenUsage
        var provider: String?
        var model: String?
        var finishReason: FinishReason?
        var continuations: Int
        var generationSeconds: Double
        /// Model calls made (first, continuations, resamples).
        var attempts = 0
        /// What the guards did.
        var guardActions: [GuardAction] = []
        /// Seconds of text the guards threw away: of each call they stopped, the share not kept.
        var guardSeconds: Double = 0
        /// Share of the sentences the model wrote that the guards threw away (talk, echo, failed attempts).
        var discardedShare: Double = 0
    }

    /// How the guards act.
    struct Guarding: Sendable {
        /// Whether the guards run at all (off only to measure what they change).
        var enabled = true
        /// Attempts stopped by a guard after which the chapter keeps what is clean.
        var maxGuardAttempts = 3
        /// Share of the target below which a chapter that ended is continued.
        var shortShare = 0.6
        /// Share of the target below which a chapter a guard stopped is continued (attempts
        /// allowing): the story was going on where it stopped. Ended there from 60 % on, a
        /// quick-start chapter asked for 250 words had 161 or 164, a benchmark one 152.
        var stoppedShare = 0.9
        /// Share of the target past which a chapter is cut at a sentence end: below the 140 % bar,
        /// because a run-on sentence (up to `longestHeldWords`) is taken whole past the cut, and the
        /// bundled model's chapters came out at 141–156 % of the target with the cut at 140 %.
        var longShare = 1.2
        /// Thresholds for loops and copies.
        var thresholds = ChapterGuard.Configuration()
        /// Stops for copying or restating earlier text after which the chapter is asked with
        /// ``ChapterWriter/withoutEarlierText``, when it has one.
        var copiesBeforeDroppingEarlierText = 2
    }

    let chain: any ChatStreamer
    let maxContinuations: Int
    var guarding = Guarding()
    /// The prompt's own text and its context, which the chapter must not copy.
    var reference: [String] = []
    /// The book's and chapters' titles, which must not appear as lines of their own.
    var titles: [String] = []
    /// The prompt's fixed wording (system prompt and task), which must not be said back.
    var instructions: [String] = []
    /// Earlier chapters' sentences, which the chapter must not say again in other words.
    var paraphrase: ParaphraseCheck?
    /// The chapter's prompt without the earlier chapters' own words (the text so far, passages),
    /// their summaries and the plan kept: the prompt from the second stop for copying or
    /// restating them on. The bundled model, stopped twice for copying a passage of chapter 1,
    /// kept its first five words; the guards still read against the whole context. `nil`
    /// keeps the prompt.
    var withoutEarlierText: [ChatMessage]?
    /// The words of the book's language, which the guards judge each sentence's against; `nil` for none.
    var vocabulary: WordList?
    /// Whether the guards drop a sentence with a word `vocabulary` lacks: a story's, not a guide's.
    var dropsMadeUpWords = false
    /// Sentence vectors, with which the guards drop a sentence restating one of the chapter's; `nil` for none.
    var encoder: (any SentenceEncoder)?

    /// Asks for the end of a chapter that has reached its length.
    static let closeInstruction = "The chapter is long enough. Continue exactly where the text stops: finish "
        + "the sentence and bring the chapter to a close in at most two more sentences. Do not repeat anything."
    /// Token limit of that closing continuation.
    static let closingTokens = 80

    /// Whether an answer stopped before it ended on its own: at the token limit, or cut where an
    /// earlier reader stopped (a cached answer whose guards no longer stop there is continued).
    static func endedEarly(_ reason: FinishReason?) -> Bool { reason == .length || reason == .cut }

    /// Streams the body of chapter `number` for `request`; each shown piece goes to `onEvent` as `.text`.
    func write(
        _ request: ChatRequest,
        number: Int,
        targetWords: Int,
        onEvent: @Sendable (BookEvent) -> Void
    ) async throws -> Result {
        // A guard's stop ends the call there: the response cache keeps what was read, and a
        // rerun replays it to the same stop (the guards read the same text).
        var request = request
        request.keepsCutAnswer = guarding.enabled
        var thresholds = guarding.thresholds
        if guarding.enabled { thresholds.maximumWords = Int((Double(targetWords) * guarding.longShare).rounded()) }
        var sentinel = ChapterGuard(reference: guarding.enabled ? reference : [],
                                    titles: guarding.enabled ? titles : [],
                                    instructions: guarding.enabled
                                        ? instructions + [ChatRequest.continueInstruction, Self.closeInstruction] : [],
                                    configuration: thresholds)
        sentinel.paraphrase = guarding.enabled ? paraphrase : nil
        sentinel.vocabulary = guarding.enabled ? vocabulary : nil
        sentinel.dropsMadeUpWords = dropsMadeUpWords
        sentinel.encoder = guarding.enabled ? encoder : nil
        var trimmer = StreamingTrimmer()
        var result = Result(text: "", usage: .zero, continuations: 0, generationSeconds: 0)
        var raw = ""
        let clock = ContinuousClock()
        let started = clock.now
        var current = request
        var closing = false
        var guardStops = 0
        var copyStops = 0
        // Whether the call about to be made redraws or continues after a guard's stop.
        var afterStop = false
        while true {
            var reportedUsage: TokenUsage?
            var attemptCharacters = 0
            var atJoin = !raw.isEmpty
            var stop: ChapterGuard.Stop?
            let callStarted = clock.now
            var firstText: ContinuousClock.Instant?
            let rawAtStart = raw.count
            result.finishReason = nil
            result.attempts += 1
            sentinel.startAttempt(keepingHeld: true)
            let stream = chain.stream(current)
            reading: for try await event in stream {
                switch event {
                case .attempt(let provider, let model):
                    result.provider = provider
                    result.model = model
                    onEvent(.provider(name: provider, model: model))
                case .failed(let provider, let reason):
                    onEvent(.providerFailed(name: provider, reason: reason))
                case .text(var piece):
                    if firstText == nil {
                        firstText = clock.now
                        // A call after a stop reads the prompt it adds to the one the server kept:
                        // that wait is the guards' too.
                        if afterStop { result.guardSeconds += (clock.now - callStarted).seconds }
                        afterStop = false
                    }
                    attemptCharacters += piece.count
                    if atJoin {
                        if guarding.enabled, Self.startsAfresh(after: raw, piece) {
                            let fragment = sentinel.dropUnfinished()
                            if raw.hasSuffix(fragment) { raw.removeLast(fragment.count) }
                        }
                        piece = Self.join(raw, piece)
                        atJoin = false
                    }
                    raw += piece
                    let step = guarding.enabled ? sentinel.feed(piece) : ChapterGuard.Step(shown: piece)
                    show(step.shown, &trimmer, &result, onEvent)
                    if let found = step.stop {
                        // The rest of the answer would be thrown away: leaving the stream cancels the call.
                        stop = found
                        break reading
                    }
                case .usage(let usage):
                    reportedUsage = (reportedUsage ?? .zero) + usage
                case .finish(let reason):
                    result.finishReason = reason
                }
            }
            // A cancelled consumer sees the stream simply end: that is an interruption, never a chapter.
            try Task.checkCancellation()
            // The attempt's opening, still held, is judged now: shown, or thrown away when it was mostly talk.
            if guarding.enabled, stop == nil, let reason = result.finishReason {
                let settled = Self.endedEarly(reason) ? sentinel.settle() : sentinel.finish()
                show(settled.shown, &trimmer, &result, onEvent)
                // A loop or copy in the last sentence stops the attempt as one found mid-stream does,
                // and a last sentence that would take the chapter past its limit ends it.
                if settled.stop != nil { stop = settled.stop }
            }
            // An attempt the guards broke off never reached the provider's usage report: count it
            // roughly (about four characters a token), marked as an estimate.
            let usage = reportedUsage ?? (stop == nil ? .zero : TokenUsage(
                promptTokens: current.messages.reduce(0) { $0 + $1.content.count } / 4,
                completionTokens: max(1, attemptCharacters / 4), estimated: true))
            result.usage = result.usage + usage
            recordDropped(&sentinel, attempt: result.attempts - 1, into: &result)

            if case .violation(let kind, let text)? = stop {
                // The guards cost the share of the call's text they threw away; what they kept was
                // writing. The prompt's evaluation before the first token is not thrown away: the
                // next call (on the same server slot) reuses it, and pays only for what it adds.
                raw = sentinel.accepted
                let kept = min(max(raw.count - rawAtStart, 0), attemptCharacters)
                let thrownAway = attemptCharacters == 0 ? 1 : Double(attemptCharacters - kept) / Double(attemptCharacters)
                result.guardSeconds += (clock.now - (firstText ?? callStarted)).seconds * thrownAway
                afterStop = true
                guardStops += 1
                let words = sentinel.wordCount
                let enough = Double(words) >= Double(targetWords) * guarding.stoppedShare
                let exhausted = guardStops > guarding.maxGuardAttempts
                    || result.continuations + guardStops > maxContinuations + guarding.maxGuardAttempts
                let action = enough || exhausted ? "cut" : words == 0 ? "resampled" : "continued"
                result.guardActions.append(GuardAction(kind: kind, attempt: result.attempts - 1, action: action, text: text))
                if enough || exhausted {
                    result.finishReason = .stop
                    break
                }
                sentinel.startAttempt(keepingHeld: false)
                if kind == .copy || kind == .paraphrase { copyStops += 1 }
                if copyStops == guarding.copiesBeforeDroppingEarlierText, let messages = withoutEarlierText {
                    request.messages = messages
                }
                let next = words == 0 ? request : continuation(of: request, from: raw, targetWords: targetWords, words: words)
                // Stronger penalties stop loops and copies, but they are what runs words together.
                current = kind == .garbled || kind == .language ? Self.calmed(next, attempt: guardStops) : Self.escalated(next, attempt: guardStops)
                // Seeded by the call's number, so that no two calls of the chapter ask the same.
                current = Self.reseeded(current, from: request, attempt: result.attempts)
                continue
            }
            if stop == .longEnough {
                result.guardActions.append(GuardAction(kind: .long, attempt: result.attempts - 1, action: "cut"))
                result.finishReason = .stop
                break
            }
            guard result.finishReason != nil else {
                throw FolioError.runtime("the model's answer ended before it finished; nothing was saved")
            }
            let words = guarding.enabled ? sentinel.wordCount : result.text.split(whereSeparator: \.isWhitespace).count
            // Stopped by the token limit past the target, with guards: the chapter ends at its last
            // whole sentence. Asked for a brief close instead, the bundled model began the story
            // again in every one of the four closing calls of 16 quick-start books ("A few years
            // ago, a sailor found…", "In the depths of the ocean, A lighthouse keeper…"), 0.4–1.1 s
            // each, all of it thrown away.
            if Self.endedEarly(result.finishReason), guarding.enabled, words >= targetWords {
                let last = sentinel.close()
                show(last.shown, &trimmer, &result, onEvent)
                recordDropped(&sentinel, attempt: result.attempts - 1, into: &result)
                result.finishReason = .stop
                break
            }
            // Stopped by the token limit: go on while short of the target; once past it (no guards
            // to end it at a whole sentence), ask once for a brief close, so a chapter never ends
            // mid-sentence when it can be helped.
            if Self.endedEarly(result.finishReason), result.continuations < maxContinuations, !closing {
                result.continuations += 1
                onEvent(.continuing(number: number, continuation: result.continuations))
                if words < targetWords {
                    current = continuation(of: request, from: raw, targetWords: targetWords, words: words)
                } else {
                    closing = true
                    current = request.continuing(from: raw, instruction: Self.closeInstruction)
                    current.maxTokens = Self.closingTokens
                }
                continue
            }
            // Ended on its own: judge the last sentence, then go on if far short of the target.
            if guarding.enabled {
                let last = sentinel.finish()
                show(last.shown, &trimmer, &result, onEvent)
                recordDropped(&sentinel, attempt: result.attempts - 1, into: &result)
                raw = sentinel.accepted
                let short = Double(sentinel.wordCount) < Double(targetWords) * guarding.shortShare
                if short, result.continuations < maxContinuations {
                    result.continuations += 1
                    result.guardActions.append(GuardAction(
                        kind: .short, attempt: result.attempts - 1, action: sentinel.wordCount == 0 ? "resampled" : "continued"))
                    onEvent(.continuing(number: number, continuation: result.continuations, endedAt: sentinel.wordCount))
                    current = sentinel.wordCount == 0
                        ? Self.escalated(request, attempt: result.continuations)
                        : continuation(of: request, from: raw, targetWords: targetWords, words: sentinel.wordCount)
                    // Each call draws with a seed of its own (its number): when the guards kept nothing
                    // of the last one, the same text and seed would ask the same question again, and the
                    // response cache would give back the same dropped answer.
                    current = Self.reseeded(current, from: request, attempt: result.attempts)
                    continue
                }
            }
            break
        }
        if guarding.enabled { show(sentinel.end().shown, &trimmer, &result, onEvent) }
        result.generationSeconds = (clock.now - started).seconds
        result.discardedShare = (sentinel.discardedShare * 1000).rounded() / 1000
        return result
    }

    private func show(_ text: String, _ trimmer: inout StreamingTrimmer, _ result: inout Result,
                      _ onEvent: @Sendable (BookEvent) -> Void) {
        let shown = trimmer.feed(text)
        guard !shown.isEmpty else { return }
        result.text += shown
        onEvent(.text(shown))
    }

    private func recordDropped(_ sentinel: inout ChapterGuard, attempt: Int, into result: inout Result) {
        for line in sentinel.takeDropped() {
            result.guardActions.append(GuardAction(kind: line.kind, attempt: attempt, action: "dropped", text: line.text))
        }
    }

    /// A request going on from `partial`, with the tokens still to write as its limit, so the
    /// prompt, the text so far and the answer still fit the window.
    func continuation(of request: ChatRequest, from partial: String, targetWords: Int, words: Int) -> ChatRequest {
        var next = request.continuing(from: partial)
        if let limit = request.maxTokens {
            let written = Int(Double(words) * 1.4)
            next.maxTokens = max(limit - written, Self.closingTokens)
        }
        return next
    }

    /// `request` with a different seed and no frequency, presence or plain repeat penalty, for
    /// attempt `attempt` after words ran together or came out made up: penalised on its common
    /// words, a small model takes their forms without a leading space. DRY stays on, but lets a
    /// phrase of up to ``calmedDryAllowedLength`` tokens be said again.
    static func calmed(_ request: ChatRequest, attempt: Int) -> ChatRequest {
        var next = redrawn(request, attempt: attempt)
        next.frequencyPenalty = 0
        next.presencePenalty = 0
        next.repetition?.repeatPenalty = 1
        next.repetition?.dryMultiplier = max(request.repetition?.dryMultiplier ?? 0, 0.8)
        next.repetition?.dryAllowedLength = max(request.repetition?.dryAllowedLength ?? 3, calmedDryAllowedLength)
        return next
    }

    /// The tokens DRY lets a calmed call repeat. DRY penalises the token that would make a
    /// repeat longer, and a long word is several tokens: a quick start's chapter 3, whose plan
    /// said "the island's dark, deserted lounge", came out "The island's dark, deserted
    /// lounGEAEME's…", "…loungGLESSED GEEGBE", "…loungery" (1.5 s of the book thrown away by the
    /// language guard, the calmed calls as garbled as the first). On the bundled model, that
    /// prompt with "The island's dark, deserted" begun, 8 seeds: DRY's usual 3 gave "lounge" in 0
    /// ("lounGE", "loungame", "lounde"…), 5 in 8; from "In the depths of the island's dark,
    /// deserted", 3 to 6 gave it in 0 to 2 ("lonial", "ladda", "lowngies"), 8 in 8.
    static let calmedDryAllowedLength = 8

    /// `request` with the seed of attempt `attempt` (1, 2, …): the seed of `first` (or of
    /// `request`) moved on, so that attempts numbered apart never draw alike.
    static func reseeded(_ request: ChatRequest, from first: ChatRequest? = nil, attempt: Int) -> ChatRequest {
        var next = request
        next.seed = ((first ?? request).seed ?? 1) &+ 7919 &* attempt
        return next
    }

    /// `request` drawn again for attempt `attempt`: a seed of its own, and DRY's base and reach set.
    private static func redrawn(_ request: ChatRequest, attempt: Int) -> ChatRequest {
        var next = reseeded(request, attempt: attempt)
        var repetition = request.repetition ?? RepetitionControl()
        repetition.dryBase = repetition.dryBase ?? 1.75
        repetition.dryPenaltyLastN = max(repetition.dryPenaltyLastN ?? 0, 512)
        next.repetition = repetition
        return next
    }

    /// `request` with a different seed and stronger repetition control, for attempt `attempt`
    /// (1, 2, …), a little hotter: on llama.cpp (`repetition` set) a stronger DRY and repeat
    /// penalty; elsewhere higher frequency and presence penalties, the only such control an
    /// OpenAI-style API has.
    /// The bundled model under frequency and presence penalties ran its sentences on (44 % of
    /// its words in sentences over 40 words, against 6 % under DRY alone).
    static func escalated(_ request: ChatRequest, attempt: Int) -> ChatRequest {
        var next = redrawn(request, attempt: attempt)
        let step = Double(attempt)
        next.temperature = min((request.temperature ?? 0.7) + 0.1 * step, 1.1)
        if request.repetition == nil {
            next.frequencyPenalty = min((request.frequencyPenalty ?? 0) + 0.2 * step, 2)
            next.presencePenalty = min((request.presencePenalty ?? 0) + 0.1 * step, 2)
        }
        next.repetition?.repeatPenalty = (request.repetition?.repeatPenalty ?? 1.0) + 0.05 * step
        // DRY grows with each attempt, but its free length stays: a shorter one penalised the
        // third token of a name already written, and the bundled model wrote "lamplightlighter".
        next.repetition?.dryMultiplier = (request.repetition?.dryMultiplier ?? 0) + 0.2 * step
        return next
    }
}

extension ChapterWriter {
    /// A continuation that starts a new sentence right after a full stop gets the space the
    /// model left out; anything else is taken as the model wrote it.
    /// Whether `next`, the first piece of a continuation, begins a sentence of its own after
    /// `previous` stopped mid-sentence: a capitalised word other than "I" after a letter.
    static func startsAfresh(after previous: String, _ next: String) -> Bool {
        guard previous.last?.isLetter == true, let first = next.first(where: { !$0.isWhitespace }), first.isUppercase
        else { return false }
        let word = next.drop { $0.isWhitespace }.prefix { $0.isLetter }
        return word != "I"
    }

    static func join(_ previous: String, _ next: String) -> String {
        guard let last = previous.last, let first = next.first else { return next }
        if ".!?;:,”\"".contains(last) && (first.isLetter || first == "\"" || first == "“") {
            return " " + next
        }
        // A word cut off by the token limit, then a new sentence: "…has only seemed" + "As I stood".
        if last.isLetter && first.isUppercase {
            return " " + next
        }
        return next
    }
}
