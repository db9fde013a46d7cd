import FolioBooks
import FolioCore
import FolioProviders
import FolioPublishing
import Foundation
import Logging

/// The generation chain of one post, one small task per model call, as the bundled model needs:
///
/// 1. the facts sheet, taken from the sources by code (sentences of the README and other
///    evidence, each with its file and lines): the model writes none of it;
/// 2. the hook: one opening line of the hook type from one fact;
/// 3. the body: one sentence per fact, a few facts in turn.
///
/// Each piece is checked by ``PieceCheck`` (length, prompt echo, copies, invented numbers,
/// names and claims, vague words); a failing piece is asked again with another seed and
/// temperature, within ``Options/hookAttempts`` tries for the hook and
/// ``Options/pieceAttempts`` per fact for the body. When too few pieces pass, the post fails
/// with what the model did wrong: no text of Folio's own ever stands in for the model's.
/// Hashtags come from the repository's topics and the quality score from ``QualityRubric``.
struct PostWriter: Sendable {
    /// Tuning.
    struct Options: Sendable {
        /// Tries of the hook before the post fails.
        var hookAttempts = 10
        /// Tries of one body sentence before its fact is given up for the next.
        var pieceAttempts = 4
        /// Facts of the sheet.
        var facts = 8
        /// Body sentences wanted (fewer when the feedback says too long); at least one is needed.
        var sentences = 4
        /// Words of the whole post, for the quality score.
        var words: ClosedRange<Int> = 40...150
        var temperature = 0.3
        /// Whether body sentences stating what the sources lack are kept for the safety chain to
        /// rewrite (`SAFETY_ACTION=rewrite`) instead of being asked again; the opening line is
        /// always held to its sources, since a post without it has no start.
        var leavesSupportToSafety = false
        /// Whether body sentences shorten their facts by leaving clauses out (``ClauseTrim``), held
        /// to it by a grammar on the bundled server, rather than putting them in the model's words.
        var trimsFacts = false
        /// Seed of each piece's first try; later tries step away from it.
        var seed = 1
        /// Answers that pass every check asked for per piece before the judge's best is kept
        /// (tries permitting); 1 keeps the first that passes.
        var candidates = 2
    }

    /// What the chain wrote.
    struct Written: Sendable {
        var hookType: HookType
        var hook: String
        var body: String
        /// The facts the hook and body were written from.
        var facts: [PostFact]
        var hashtags: [String]
        var quality: PostQualityParts
        var guardActions: [GuardAction]
        /// Pieces the model wrote that failed the checks, each with why.
        var unsupported: [String]
        /// The opening line and each body sentence, with its fact, judge score and quoted share.
        var pieces: [PostPiece]
    }

    let snapshot: RepositorySnapshot
    let evidence: [EvidencePassage]
    let call: ModelCall
    let options: Options
    /// The judge every piece must pass besides ``PieceCheck`` (none: the code's checks only).
    let support: PieceSupport?
    /// The project's name as the evidence writes it; each piece the model writes is held to it.
    let projectName: ProjectName
    private let logger = FolioLogging.logger("posts")
    private var slug: String { Slug.make(snapshot.name) }

    init(snapshot: RepositorySnapshot, evidence: [EvidencePassage], call: ModelCall, options: Options = Options(),
         support: PieceSupport? = nil) {
        self.snapshot = snapshot
        self.evidence = evidence
        projectName = ProjectName(snapshot.name, sources: evidence.map(\.text))
        self.call = call
        self.options = options
        self.support = support
    }

    /// Runs the whole chain for `brief` with hooks of `type` (`nil`: picked from the sources),
    /// within the constraints of `revision` (none for a first version).
    func write(brief: PostBrief, type: HookType?, revision: PostRevision = PostRevision()) async throws -> Written {
        let material = HookMaterial(snapshot: snapshot, evidence: evidence)
        let facts = try factSheet(avoiding: revision.avoidedFacts, preferring: revision.preferredWords)
        var hookType = type ?? revision.preferredHook ?? material.automatic
        // A how-to line promises steps: `auto` makes that promise only when a fact of the sheet
        // tells the reader what to do, and the line is written from that fact.
        if type == nil, hookType == .howTo, Self.usageFact(facts) == nil { hookType = .question }
        // `auto` falls back on a question, then a bold claim, when the model writes no usable
        // line of the type it picked (half the tries each); a type asked for is held to. A
        // disliked version's type opens no revision of it.
        var types = type != nil ? [hookType] : [hookType] + [HookType.question, .boldClaim].filter { $0 != hookType }
        if let avoided = revision.avoidedHook {
            types.removeAll { $0 == avoided }
            if types.isEmpty { types = [HookType.question, .boldClaim].filter { $0 != avoided } }
            hookType = types[0]
        }
        guard material.offers(hookType) else {
            throw FolioError.badInput(hookType == .statistic
                ? "no statistic hook for \(snapshot.name): its sources hold no real number"
                : "no story hook for \(snapshot.name): its history shows no change of direction")
        }
        var rejected: [String] = []
        var problems: [String] = []
        var found: (line: String, fact: PostFact, piece: PostPiece)?
        for (index, candidate) in types.enumerated() where found == nil {
            let attempts = index == 0 ? options.hookAttempts : max(1, options.hookAttempts / 2)
            found = try await hookLine(candidate, facts: facts, material: material, audience: brief.audience, attempts: attempts,
                                       revision: revision, problems: &problems, rejected: &rejected)
            if found != nil { hookType = candidate }
        }
        guard let hook = found else {
            throw noHook(types, problems: problems)
        }
        // A revision writes first from the facts a note asks for, then from those whose sentences it keeps,
        // so the model is asked only for what the feedback is about.
        let order = facts.enumerated().sorted { first, second in
            let ranks = [first.element, second.element].map { fact in
                (FactGrounding.contentWords(fact.text).isDisjoint(with: revision.preferredWords) ? 1 : 0,
                 revision.keptSentences[fact.text] == nil ? 1 : 0)
            }
            return ranks[0] != ranks[1] ? ranks[0] < ranks[1] : first.offset < second.offset
        }.map(\.element)
        // A how-to line's fact is the promise the body keeps; any other opening has said its fact,
        // and a sentence of the same fact after it would say it again.
        let bodyFacts = hookType == .howTo || order.count < 2 ? order : order.filter { $0.text != hook.fact.text }
        let body = try await body(facts: bodyFacts, hook: hook.line, brief: brief, wanted: revision.sentences ?? options.sentences,
                                  revision: revision, rejected: &rejected)
        let used = [hook.fact] + body.map(\.fact)
        var seen = Set<String>()
        let cited = used.filter { seen.insert($0.text).inserted }
        let text = body.map(\.line).joined(separator: "\n\n")
        let rubric = QualityRubric(targetWords: options.words)
        return Written(hookType: hookType, hook: hook.line, body: text, facts: cited,
                       hashtags: Topics.hashtags(snapshot.topics), quality: rubric.parts(hook: hook.line, body: text, facts: cited),
                       guardActions: [], unsupported: rejected, pieces: [hook.piece] + body.map(\.piece))
    }

    /// One candidate opening line per hook type the sources offer.
    func hooks(audience: String?) async throws -> [(HookType, Result<String, FolioError>)] {
        let material = HookMaterial(snapshot: snapshot, evidence: evidence)
        let facts = try factSheet()
        var lines: [(HookType, Result<String, FolioError>)] = []
        for type in HookType.allCases {
            guard material.offers(type) else {
                lines.append((type, .failure(.badInput(type == .statistic ? "no real number in the sources"
                                                                           : "no change of direction in the history"))))
                continue
            }
            var rejected: [String] = []
            do {
                let hook = try await hook(type, facts: facts, material: material, audience: audience, rejected: &rejected)
                lines.append((type, .success(hook.line)))
            } catch let error as FolioError {
                lines.append((type, .failure(error)))
            }
        }
        return lines
    }

    // MARK: - Steps

    /// The facts sheet: prose sentences of the evidence, each traced to its file and lines: the
    /// project's own account of itself first (the README's lead), then in the order sources are
    /// trusted (README first, history last), set-up steps last within a kind and those naming
    /// the project before others (they read on their own). Sentences about the document itself ("This page is…", "See…") and those
    /// on how the project is run (``FactTopic/process``: contributing, licence, releases) are no
    /// facts about the project and are left out.
    /// Facts in `avoiding` (those of pieces a reader judged inaccurate) are left out; those
    /// sharing the most words with `preferring` (a reader's note) come first.
    func factSheet(avoiding: Set<String> = [], preferring: Set<String> = []) throws -> [PostFact] {
        // Each fact with its topic, worked out once (it reads the README's headings above the fact).
        let judged = FactCandidates.from(evidence, snapshot: snapshot, limit: options.facts * 3)
            .filter { ".!?".contains($0.text.last ?? " ") }.flatMap(Self.clauses)
            .filter { !Self.aboutTheText($0.text) && !Self.leansOnContext($0.text) && Self.hasVerb($0.text)
                && QualityRubric.words($0.text).count >= 8 }
            .map { (fact: $0, topic: FactTopic.of($0, in: snapshot)) }.filter { $0.topic != .process }
            .reduce(into: [(fact: PostFact, topic: FactTopic)]()) { kept, item in
                if !kept.contains(where: { Self.similar($0.fact.text, item.fact.text) }) { kept.append(item) }
            }
        let candidates = judged.map(\.fact)
        guard candidates.count >= 2 else {
            throw FolioError.badInput("too little prose in \(snapshot.location) to write a post from "
                + "(\(candidates.count) sentences found in \(RepositoryReader.lookedFor))")
        }
        let order = SourceKind.allCases.map(\.rawValue)
        // Each fact's rank, worked out once: the project's own account of itself (it says what the
        // project is), the kind of source, set-up steps after the rest, those naming the project first.
        let lead = DocumentLead.of(snapshot)
        let ranks = judged.map { fact, topic in
            let opens = lead.map { lead in fact.file == lead.source.path && lead.lines.contains { $0.contains(fact.firstLine) } }
            return (opens == true ? 0 : 1, order.firstIndex(of: fact.kind) ?? order.count,
                    topic == .setup ? 1 : 0, projectName.isNamed(in: fact.text) ? 0 : 1)
        }
        let ranked = candidates.enumerated().sorted { first, second in
            let (a, b) = (ranks[first.offset], ranks[second.offset])
            return a != b ? a < b : first.offset < second.offset
        }
        let shared = { (fact: PostFact) in FactGrounding.contentWords(fact.text).intersection(preferring).count }
        let preferred = ranked.enumerated().sorted { first, second in
            let (a, b) = (shared(first.element.element), shared(second.element.element))
            return a != b ? a > b : first.offset < second.offset
        }.map(\.element)
        let sheet = preferred.filter { !avoiding.contains($0.element.text) }.prefix(options.facts).map(\.element)
        guard !sheet.isEmpty else {
            throw FolioError.runtime("no fact of \(snapshot.name) is left to write from: every one was judged inaccurate")
        }
        logger.info("facts sheet", metadata: ["facts": "\(sheet.map { "\($0.text) (\($0.file):\($0.firstLine))" })"])
        return sheet
    }

    /// A long fact cut at its colons and semicolons into clauses of 8 words or more (a small
    /// model given 30 words at once writes of everything but them); each clause keeps the
    /// fact's lines, and its text is the sources' own.
    static func clauses(_ fact: PostFact) -> [PostFact] {
        guard QualityRubric.words(fact.text).count > 22 else { return [fact] }
        let parts = fact.text.components(separatedBy: CharacterSet(charactersIn: ":;"))
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count > 1, parts.allSatisfy({ QualityRubric.words($0).count >= 8 }) else { return [fact] }
        return parts.map { part in
            var clause = fact
            clause.text = part
            return clause
        }
    }

    /// Whether `sentence` speaks of the document it stands in rather than of the project
    /// ("You can find more information about it here.", "… you can read this blog post.",
    /// "Below you'll find all you need to know to get started.", "Refer to the CoreMetrics module
    /// documentation…", "What SwiftMetrics provides today is covered in the API docs.").
    static func aboutTheText(_ sentence: String) -> Bool {
        sentence.range(of: #"^(this|the) (page|document|file|section|guide|readme|directory|folder)\b|^(see|read|for more|refer to)\b|\b(below|above|here)[.:]?$|\b(this|the following) (blog post|post|article|link|video)\b|\byou can (read|find)\b|^(below|above|here),? you('ll| will)? find\b|\ball you need to know\b|\b(covered|described|documented|explained) (in|below|above)\b"#,
                       options: [.regularExpression, .caseInsensitive]) != nil
    }

    /// Whether `sentence` means something only after the one before it ("FolioBench book-guards
    /// does the same…", "These are cached…", "Otherwise…"): alone in a post it says nothing true.
    static func leansOnContext(_ sentence: String) -> Bool {
        sentence.range(of: #"^(these|those|they|them|then|otherwise|also|both|either|likewise|similarly|however|instead|still|in that case|in this case)\b|\b(this|that|these|those) (function|method|class|information|feature|approach|issue|problem|one|ones)\b|\b(does|do|did|is|are|works) the same\b|\b(the former|the latter|as above|the above|the previous)\b|\bso (does|do|is|are)\b"#,
                       options: [.regularExpression, .caseInsensitive]) != nil
    }

    /// Auxiliary and modal verbs: a sentence holding one has a verb.
    static let auxiliaries: Set = ["is", "are", "was", "were", "be", "been", "has", "have", "had", "can", "could", "will",
                                   "would", "should", "may", "might", "must", "does", "do", "did", "it's", "isn't", "don't",
                                   "doesn't", "won't", "can't"]

    /// Whether `sentence` seems to have a verb: an auxiliary, a word ending as a third-person or
    /// past form does, or an instruction to the reader. A list item such as "The output of the
    /// lsb_release command, if available." has none and is no statement a post can make.
    static func hasVerb(_ sentence: String) -> Bool {
        let words = sentence.lowercased().split { !$0.isLetter && $0 != "'" }.map(String.init)
        if words.contains(where: auxiliaries.contains) { return true }
        if words.dropFirst().contains(where: { $0.count > 3 && ($0.hasSuffix("s") && !$0.hasSuffix("ss") || $0.hasSuffix("ed")) }) {
            return true
        }
        return !FactNovelty.imperatives(sentence).isEmpty
    }

    /// A checker of pieces against the facts sheet and the evidence.
    private func checker(_ facts: [PostFact]) -> PieceCheck {
        PieceCheck(name: snapshot.name, sources: facts.map(\.text) + evidence.map(\.text))
    }

    /// The opening line, and the fact it was written from: tried on the fact that suits the
    /// type (the statistic or the turn in the history when the type needs one, else the first
    /// fact), another seed each time, the judge's best of the lines that pass kept.
    func hook(_ type: HookType, facts: [PostFact], material: HookMaterial, audience: String?,
              rejected: inout [String]) async throws -> (line: String, fact: PostFact, piece: PostPiece) {
        var problems: [String] = []
        guard let found = try await hookLine(type, facts: facts, material: material, audience: audience,
                                             attempts: options.hookAttempts, problems: &problems, rejected: &rejected) else {
            throw noHook([type], problems: problems)
        }
        return found
    }

    /// The error of a post that found no opening line of any of `types`.
    private func noHook(_ types: [HookType], problems: [String]) -> FolioError {
        FolioError.runtime("no usable \(types.map(\.rawValue).joined(separator: " or ")) hook for \(snapshot.name) "
            + "after \(options.hookAttempts) attempts (the model \(Self.summary(problems)))")
    }

    /// The opening line of `type` within `attempts` tries, or `nil` when none passed.
    private func hookLine(_ type: HookType, facts: [PostFact], material: HookMaterial, audience: String?, attempts: Int,
                          revision: PostRevision = PostRevision(), problems: inout [String], rejected: inout [String]) async throws
        -> (line: String, fact: PostFact, piece: PostPiece)? {
        let fact = hookFact(type, facts: facts, material: material)
        let check = checker(facts + [fact])
        let novelty = FactNovelty(name: snapshot.name, fact: fact.text, context: context(of: fact))
        let messages = PostPrompts.hook(name: snapshot.name, fact: fact.text, type: type, audience: audience)
        let kept = revision.keptHook.flatMap { $0.type == type && $0.fact == fact.text ? $0.line : nil }
        let best = try await best(of: messages, attempts: attempts, step: "hook", maxTokens: 60, judged: true,
                                  seedShift: revision.seedShift, kept: kept, problems: &problems, rejected: &rejected) { line in
            if let problem = revision.problem(line, body: false) { return problem }
            // A question claims nothing, and asking one takes a word of its own ("Ever lost
            // track of…"); it must still carry two words of its fact (below).
            let loose = type == .question ? 1 : 0
            if let problem = check.problem(line, fact: fact.text, words: 5...25, loose: loose) { return problem }
            if line.count > 160 { return "wrote \(line.count) characters" }
            if type == .question, !line.hasSuffix("?") { return "wrote no question" }
            if !check.onTopic(line, facts: [fact.text]) { return "wrote of something else" }
            if let problem = novelty.problem(line, loose: loose) { return problem }
            // "Here is how to use distro." is the worked example with the name put in: a line
            // opening as its example does must carry a word of its fact besides the name.
            let frame = PostPrompts.frame(of: type)
            let opening = line.lowercased().split { !$0.isLetter && !$0.isNumber }.prefix(frame.count).map(String.init)
            if !frame.isEmpty, opening == frame, PieceCheck.shared(line, fact.text, besides: snapshot.name) < 1 {
                return "copied its worked example's opening"
            }
            return nil
        }
        return best.map { ($0.line, fact, piece($0, fact: fact)) }
    }

    /// The first fact telling the reader what to do ("Give it a title and instructions: …").
    static func usageFact(_ facts: [PostFact]) -> PostFact? {
        facts.first { !FactNovelty.imperatives($0.text).isEmpty }
    }

    /// The fact a hook of `type` is written from.
    private func hookFact(_ type: HookType, facts: [PostFact], material: HookMaterial) -> PostFact {
        if type == .howTo { return Self.usageFact(facts) ?? facts[0] }
        let needed = type == .statistic ? material.statistic : type == .story ? material.turn : nil
        guard let needed else { return facts[0] }
        if let fact = facts.first(where: { $0.text.contains(needed) || needed.contains($0.text) }) { return fact }
        let history = snapshot.sources.first { source in source.text.contains(needed) }
        let line = history.flatMap { source in
            source.text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(needed) }
        }.map { $0 + 1 } ?? 1
        return PostFact(text: needed, file: history?.path ?? facts[0].file, firstLine: line, lastLine: line,
                        kind: history?.kind.rawValue ?? facts[0].kind)
    }

    /// Up to `wanted` body sentences, one per fact in the sheet's order, each the judge's best
    /// of the candidates that pass; a fact whose sentences keep failing is left for the next.
    /// No sentence at all fails the post: a short post of sentences that passed is better than a
    /// longer one eked out with sentences that did not.
    func body(facts: [PostFact], hook: String, brief: PostBrief, wanted: Int, revision: PostRevision = PostRevision(),
              rejected: inout [String]) async throws -> [(line: String, fact: PostFact, piece: PostPiece)] {
        let check = checker(facts)
        var kept: [(line: String, fact: PostFact, piece: PostPiece)] = []
        var problems: [String] = []
        let checksSupport = !options.leavesSupportToSafety
        for fact in facts where kept.count < wanted {
            let trim = options.trimsFacts ? ClauseTrim(fact: fact.text, name: snapshot.name) : nil
            let messages = trim != nil ? PostPrompts.trim(name: snapshot.name, fact: fact.text)
                : PostPrompts.piece(name: snapshot.name, fact: fact.text, brief: brief)
            let novelty = FactNovelty(name: snapshot.name, fact: fact.text, context: context(of: fact))
            let earlier = kept.map(\.line)
            // The model's copy of its fact is true to the sources: one per post may be kept, listed
            // as a quotation in `pieces`, a passing sentence of its own preferred to it.
            let quotes = !kept.contains { $0.piece.quotesSource }
            // Under SAFETY_ACTION=rewrite the safety chain rewrites what the sources do not
            // support, so neither the judge nor the words a sentence brings in refuse it here.
            let best = try await best(of: messages, attempts: options.pieceAttempts, step: "sentence", maxTokens: trim != nil ? 120 : 70,
                                      judged: checksSupport, seedShift: revision.seedShift, grammar: trim?.grammar,
                                      kept: revision.keptSentences[fact.text], keptLast: revision.keptLast,
                                      quoting: { FactNovelty.quotedShare($0, of: fact.text) >= 0.5 },
                                      problems: &problems, rejected: &rejected) { line in
                if let problem = revision.problem(line, body: true) { return problem }
                let repeats = { Self.similar(line, hook) || earlier.contains(where: { Self.similar($0, line) }) }
                if let trim {
                    // The fact's own clauses (its source's words by design, so it may quote): only
                    // their length, reading as a sentence and saying nothing twice are in question.
                    return Self.trimProblem(line, trim: trim, fact: fact.text) ?? (repeats() ? "said again what the post says" : nil)
                }
                if let problem = check.problem(line, fact: fact.text, words: 6...40, loose: 0, checksSupport: checksSupport,
                                               quotes: quotes) {
                    return problem
                }
                if PieceCheck.shared(line, fact.text) < 2 { return "strayed from its fact" }
                if repeats() { return "said again what the post says" }
                return checksSupport ? novelty.problem(line) : novelty.turnsAround(line)
            }
            if let best { kept.append((Self.sentence(best.line), fact, piece(best, fact: fact))) }
        }
        guard !kept.isEmpty else {
            throw FolioError.runtime("no usable body for \(snapshot.name): \(kept.count) of \(facts.count) facts gave a "
                + "sentence that passed the checks after \(options.pieceAttempts) attempts each (the model \(Self.summary(problems)))")
        }
        return kept
    }

    /// Why `line`, asked as a trim of `fact`, cannot be kept: not one of `trim`'s sentences,
    /// the wrong length, or not reading as a sentence; `nil` when it can.
    static func trimProblem(_ line: String, trim: ClauseTrim, fact: String) -> String? {
        guard trim.accepts(line) else { return "changed its fact's clauses" }
        let count = QualityRubric.words(line).count
        if !(6...40).contains(count) { return "wrote \(count) words" }
        return PieceCheck.unreadable(line, fact: fact)
    }

    /// A line that passed every check, with the judge's score and how many passed with it.
    struct Candidate: Sendable {
        var line: String
        var score: Double?
        var candidates: Int
    }

    /// Asks `messages` again with another seed until ``Options/candidates`` answers pass
    /// `problem` (and, when `judged`, the judge) or `attempts` run out; the passing answer the
    /// judge scores best (one that is not `quoting` its source before one that is), or `nil`
    /// when none passed.
    private func best(of messages: [ChatMessage], attempts: Int, step: String, maxTokens: Int, judged: Bool,
                      seedShift: Int = 0, grammar: String? = nil, kept: String? = nil, keptLast: Bool = false, quoting: (String) -> Bool = { _ in false },
                      problems: inout [String], rejected: inout [String],
                      problem: (String) async throws -> String?) async throws -> Candidate? {
        var passed: [Candidate] = []
        // A piece of the version being revised is checked as an answer would be and, passing, kept
        // (`keptLast`: when no new answer passed).
        func keeping(_ kept: String, attempt: Int) async throws -> Candidate? {
            let (found, score) = try await judge(kept, judged: judged, problem: problem)
            guard let found else { return Candidate(line: kept, score: score, candidates: 1) }
            note(found, line: kept, attempt: attempt, step: step, problems: &problems, rejected: &rejected)
            return nil
        }
        if let kept, !keptLast, let candidate = try await keeping(kept, attempt: -1) { return candidate }
        for attempt in 0..<attempts where passed.count < options.candidates {
            let answer = try await call.ask(messages, purpose: "post-\(step):\(slug)", maxTokens: maxTokens,
                                            temperature: temperature(attempt), seed: seed(attempt) &+ seedShift, copying: true,
                                            grammar: grammar)
            let line = projectName.spelledAsTheSources(Self.firstLine(answer.text))
            if passed.contains(where: { $0.line == line }) { continue }
            let (found, score) = try await judge(line, judged: judged, problem: problem)
            guard let found else {
                passed.append(Candidate(line: line, score: score, candidates: 0))
                continue
            }
            note(found, line: line, attempt: attempt, step: step, problems: &problems, rejected: &rejected)
        }
        if let kept, keptLast, passed.isEmpty, let candidate = try await keeping(kept, attempt: attempts) { return candidate }
        // The first of the best, so one candidate, or no judge, keeps the first that passed.
        guard var chosen = passed.enumerated().max(by: { first, second in
            let ranks = [first.element, second.element].map { (quoting($0.line) ? 0 : 1, $0.score ?? 1) }
            return (ranks[0].0, ranks[0].1, second.offset) < (ranks[1].0, ranks[1].1, first.offset)
        })?.element else { return nil }
        chosen.candidates = passed.count
        return chosen
    }

    /// What is wrong with `line` by `problem` and, when `judged`, the judge; and the judge's score.
    private func judge(_ line: String, judged: Bool, problem: (String) async throws -> String?) async throws
        -> (problem: String?, score: Double?) {
        if let found = try await problem(line) { return (found, nil) }
        guard judged, let support else { return (nil, nil) }
        let verdict = try await support.verdict(line)
        return (verdict.supported ? nil : "said what the sources do not support", verdict.score)
    }

    /// The record of `candidate`, written from `fact`, for the saved version.
    private func piece(_ candidate: Candidate, fact: PostFact) -> PostPiece {
        let lines = fact.firstLine == fact.lastLine ? "\(fact.firstLine)" : "\(fact.firstLine)-\(fact.lastLine)"
        return PostPiece(text: candidate.line, fact: fact.text, source: "\(fact.file):\(lines)", judgeScore: candidate.score,
                         quotedShare: FactNovelty.quotedShare(candidate.line, of: fact.text), candidates: candidate.candidates)
    }

    /// The lines around `fact` in its source (its paragraph), which a sentence written from it
    /// may draw on besides the fact itself.
    func context(of fact: PostFact) -> String {
        guard let source = snapshot.sources.first(where: { $0.path == fact.file }) else { return "" }
        let lines = source.text.split(separator: "\n", omittingEmptySubsequences: false)
        let range = FactCandidates.paragraphs(of: source, around: fact.firstLine...max(fact.firstLine, fact.lastLine))
        return range.filter { lines.indices.contains($0 - 1) }.map { String(lines[$0 - 1]) }.joined(separator: "\n")
    }

    private func note(_ problem: String, line: String, attempt: Int, step: String, problems: inout [String],
                      rejected: inout [String]) {
        problems.append(problem)
        // A refused piece is kept and logged, but never with a secret or personal datum it holds.
        let shown = support?.masked(line) ?? line
        if !shown.isEmpty { rejected.append(shown) }
        logger.info("piece asked again", metadata: ["step": "\(step)", "attempt": "\(attempt)", "problem": "\(problem)",
                                                 "text": "\(shown.prefix(160))"])
    }

    /// The most frequent problems, for the error a failed post ends with.
    static func summary(_ problems: [String]) -> String {
        var counts: [String: Int] = [:]
        for problem in problems { counts[problem, default: 0] += 1 }
        let top = counts.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }.prefix(3)
        return top.map { $0.value > 1 ? "\($0.key) (\($0.value) times)" : $0.key }.joined(separator: "; ")
    }

    // MARK: - Reading answers

    /// Another seed and a little more heat each try, so a retry is a new answer, not a cached one.
    private func seed(_ attempt: Int) -> Int { options.seed &+ 7919 &* attempt }

    private func temperature(_ attempt: Int) -> Double { options.temperature + 0.1 * Double(attempt % 5) }

    /// The first line of prose: labels, quotes and list markers taken off.
    static func firstLine(_ text: String) -> String {
        for raw in text.split(whereSeparator: \.isNewline) {
            var line = raw.trimmingCharacters(in: .whitespaces)
            line = line.replacingOccurrences(of: #"^([-*•]|\d+[.)])\s+"#, with: "", options: .regularExpression)
            line = line.replacingOccurrences(of: #"^[A-Za-z ]{2,24}:\s+"#, with: "", options: .regularExpression)
            line = line.trimmingCharacters(in: CharacterSet(charactersIn: "\"'“”*# ").union(.whitespaces))
            if QualityRubric.words(line).count >= 2 { return line }
        }
        return ""
    }

    /// `line` ending as a sentence does.
    static func sentence(_ line: String) -> String {
        guard let last = line.last, !".!?".contains(last) else { return line }
        return line + "."
    }

    static func similar(_ first: String, _ second: String) -> Bool {
        let (a, b) = (FactGrounding.contentWords(first), FactGrounding.contentWords(second))
        guard !a.isEmpty, !b.isEmpty else { return first == second }
        return Double(a.intersection(b).count) / Double(a.union(b).count) >= 0.7
    }
}
