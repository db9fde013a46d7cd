import FolioBooks
import FolioCore
import FolioPublishing
import Foundation
import Logging

/// The generation chain of one post: facts sheet → hook → draft → specificity pass, each step a
/// call through the (cached) provider chain, each answer checked by the book guards; hashtags
/// come from the repository's topics and the quality score from ``QualityRubric``.
///
/// A step whose answers stay unusable after ``Options/attempts`` tries fails the post: no text
/// of Folio's own ever stands in for the model's.
struct PostWriter: Sendable {
    /// Tuning.
    struct Options: Sendable {
        var attempts = 3
        var facts = 4
        var words: ClosedRange<Int> = 80...180
        var temperature = 0.6
        var vagueRewrites = 2
    }

    /// What the chain wrote.
    struct Written: Sendable {
        var hookType: HookType
        var hook: String
        var body: String
        var facts: [PostFact]
        var hashtags: [String]
        var quality: PostQualityParts
        var guardActions: [GuardAction]
        /// Sentences of the model's drafts the sources did not support, left out.
        var unsupported: [String]
    }

    let snapshot: RepositorySnapshot
    let evidence: [EvidencePassage]
    let call: ModelCall
    let options: Options
    private let logger = FolioLogging.logger("posts")
    private var slug: String { Slug.make(snapshot.name) }

    init(snapshot: RepositorySnapshot, evidence: [EvidencePassage], call: ModelCall, options: Options = Options()) {
        self.snapshot = snapshot
        self.evidence = evidence
        self.call = call
        self.options = options
    }

    /// Runs the whole chain for `brief` with hooks of `type` (`nil`: picked from the sources).
    func write(brief: PostBrief, type: HookType?) async throws -> Written {
        let material = HookMaterial(snapshot: snapshot, evidence: evidence)
        let hookType = type ?? material.automatic
        guard material.offers(hookType) else {
            throw FolioError.badInput(hookType == .statistic
                ? "no statistic hook for \(snapshot.name): its sources hold no real number"
                : "no story hook for \(snapshot.name): its history shows no change of direction")
        }
        var actions: [GuardAction] = []
        let facts = try await factSheet()
        let hook = try await hook(hookType, facts: facts, material: material, audience: brief.audience, actions: &actions)
        var unsupported: [String] = []
        var body = try await draft(facts: facts, hook: hook, brief: brief, actions: &actions, unsupported: &unsupported)
        body = try await specific(body, facts: facts)
        let rubric = QualityRubric(targetWords: options.words.lowerBound...(options.words.upperBound + 40))
        return Written(hookType: hookType, hook: hook, body: body, facts: facts, hashtags: Topics.hashtags(snapshot.topics),
                       quality: rubric.parts(hook: hook, body: body, facts: facts), guardActions: actions,
                       unsupported: unsupported)
    }

    /// One candidate opening line per hook type the sources offer.
    func hooks(audience: String?) async throws -> [(HookType, Result<String, FolioError>)] {
        let material = HookMaterial(snapshot: snapshot, evidence: evidence)
        let facts = try await factSheet()
        var lines: [(HookType, Result<String, FolioError>)] = []
        for type in HookType.allCases {
            guard material.offers(type) else {
                lines.append((type, .failure(.badInput(type == .statistic ? "no real number in the sources"
                                                                           : "no change of direction in the history"))))
                continue
            }
            var actions: [GuardAction] = []
            do {
                lines.append((type, .success(try await hook(type, facts: facts, material: material, audience: audience,
                                                            actions: &actions))))
            } catch let error as FolioError {
                lines.append((type, .failure(error)))
            }
        }
        return lines
    }

    // MARK: - Steps

    /// The facts that matter, picked by the model from the evidence's prose sentences, each
    /// traced to its file and lines; an answer naming no candidate is asked again.
    func factSheet() async throws -> [PostFact] {
        let candidates = FactCandidates.from(evidence, snapshot: snapshot, limit: 7)
        guard candidates.count >= 2 else {
            throw FolioError.badInput("too little prose in \(snapshot.location) to write a post from "
                + "(\(candidates.count) sentences found in \(RepositoryReader.lookedFor))")
        }
        let count = min(options.facts, candidates.count)
        let prompt = PostPrompts.facts(candidates, count: count)
        var best: [PostFact] = []
        for attempt in 0..<options.attempts {
            let answer = try await call.ask(prompt, system: PostPrompts.system, purpose: "post-facts:\(slug)",
                                            maxTokens: 50 * count, temperature: 0.3 + 0.2 * Double(attempt), seed: seed(attempt),
                                            copying: true)
            var facts: [PostFact] = []
            for item in Self.listItems(answer.text) {
                guard let fact = Self.match(item, in: candidates), !facts.contains(fact) else { continue }
                facts.append(fact)
            }
            if facts.count > best.count { best = facts }
            if best.count >= min(3, count) { break }
            logger.info("facts attempt named too few sources", metadata: ["attempt": "\(attempt)", "kept": "\(facts.count)"])
        }
        guard best.count >= 2 else {
            throw FolioError.runtime("the model picked no facts about \(snapshot.name) from its sources "
                + "after \(options.attempts) attempts (\(best.count) kept)")
        }
        return Array(best.prefix(count))
    }

    /// The candidate an answer line names: by its number, or by holding most of its words.
    static func match(_ item: String, in candidates: [PostFact]) -> PostFact? {
        if let number = Int(item.trimmingCharacters(in: CharacterSet(charactersIn: " .)"))), candidates.indices.contains(number - 1) {
            return candidates[number - 1]
        }
        let words = FactGrounding.contentWords(item)
        guard words.count >= 2 else { return nil }
        let scored = candidates.map { candidate -> (PostFact, Double) in
            let own = FactGrounding.contentWords(candidate.text)
            let shared = Double(words.intersection(own).count)
            return (candidate, min(shared / Double(words.count), shared / Double(max(1, own.count))))
        }
        guard let best = scored.max(by: { $0.1 < $1.1 }), best.1 >= 0.6 else { return nil }
        return best.0
    }

    func hook(_ type: HookType, facts: [PostFact], material: HookMaterial, audience: String?,
              actions: inout [GuardAction]) async throws -> String {
        let prompt = PostPrompts.hook(name: snapshot.name, facts: facts, type: type, material: material, audience: audience)
        // A hook names the project or something the facts name.
        let topic = Set(FactGrounding.contentWords(([snapshot.name] + facts.map(\.text)).joined(separator: " ")).map(Support.stem))
        var problem = ""
        for attempt in 0..<options.attempts {
            let answer = try await call.ask(prompt, system: PostPrompts.system, purpose: "post-hook:\(slug)",
                                            maxTokens: 60, temperature: options.temperature + 0.15 * Double(attempt),
                                            seed: seed(attempt))
            let line = Self.firstLine(answer.text)
            let check = ProseCheck.check(line, reference: PostPrompts.scaffolding, titles: [snapshot.name])
            actions += check.dropped
            if let violation = check.violation { actions.append(violation) }
            let kept = check.text.trimmingCharacters(in: .whitespacesAndNewlines)
            let words = QualityRubric.words(kept).count
            if check.violation != nil || kept.isEmpty {
                problem = "echoed its prompt or looped"
            } else if !(4...30).contains(words) || kept.count > 140 {
                problem = "wrote \(words) words"
            } else if type == .question && !kept.hasSuffix("?") {
                problem = "wrote no question"
            } else if FactGrounding.contentWords(kept).map(Support.stem).allSatisfy({ !topic.contains($0) }) {
                problem = "wrote of something else"
            } else {
                return kept
            }
        }
        throw FolioError.runtime("no usable \(type.rawValue) hook for \(snapshot.name) after \(options.attempts) attempts "
            + "(the model \(problem))")
    }

    /// The body: the model's sentences that the facts and evidence support. A model whose own
    /// prose the sources do not support is then asked to answer the hook with the facts (small
    /// models copy the facts they pick); with too little left after that, the post fails.
    func draft(facts: [PostFact], hook: String, brief: PostBrief, actions: inout [GuardAction],
               unsupported: inout [String]) async throws -> String {
        let words = Self.target(options.words, feedback: brief.feedback)
        let support = Support(texts: facts.map(\.text) + evidence.map(\.text) + [snapshot.name])
        let compose = PostPrompts.draft(name: snapshot.name, facts: facts, hook: hook, brief: brief, words: words)
        let arrange = PostPrompts.arrange(hook: hook, facts: facts)
        let plan = Array(repeating: (compose, "post-draft"), count: max(1, options.attempts - 1))
            + Array(repeating: (arrange, "post-arrange"), count: 2)
        var kept: [String] = []
        for (attempt, (prompt, purpose)) in plan.enumerated() {
            let answer = try await call.ask(prompt, system: PostPrompts.system, purpose: "\(purpose):\(slug)",
                                            maxTokens: words.upperBound * 2, temperature: options.temperature + 0.1 * Double(attempt),
                                            seed: seed(attempt), copying: purpose == "post-arrange")
            let text = Self.withoutHashtagsOrHook(answer.text, hook: hook)
            let check = ProseCheck.check(text, reference: PostPrompts.scaffolding + [hook], titles: [snapshot.name])
            actions += check.dropped.map { GuardAction(kind: $0.kind, attempt: attempt, action: $0.action, text: $0.text) }
            if let violation = check.violation {
                actions.append(GuardAction(kind: violation.kind, attempt: attempt, action: "cut", text: violation.text))
            }
            for sentence in QualityRubric.sentences(check.text.replacingOccurrences(of: #"(?m)^\s*(\d+[.)]|[-*•])\s+"#, with: "",
                                                                                    options: .regularExpression)) {
                guard !kept.contains(where: { Self.similar($0, sentence) }), !Self.similar(sentence, hook) else { continue }
                if support.holds(sentence) {
                    kept.append(sentence)
                } else if !unsupported.contains(sentence) {
                    unsupported.append(sentence)
                }
            }
            if QualityRubric.words(kept.joined(separator: " ")).count >= words.lowerBound / 2 { break }
        }
        let body = Self.cut(Self.paragraphs(kept.joined(separator: "\n\n"), sentences: 2), words: words.upperBound)
        guard QualityRubric.words(body).count >= 20 else {
            throw FolioError.runtime("no usable draft for \(snapshot.name) after \(plan.count) attempts: the sources support "
                + "\(QualityRubric.words(body).count) words of what the model wrote")
        }
        return body
    }

    /// Vague sentences restated with a fact; a rewrite is kept only when it is clean, names
    /// something from the fact and is no longer vague, else the sentence stays as written.
    func specific(_ body: String, facts: [PostFact]) async throws -> String {
        var body = body
        for sentence in QualityRubric.vagueSentences(body).prefix(options.vagueRewrites) {
            let words = FactGrounding.contentWords(sentence)
            guard let fact = facts.max(by: {
                FactGrounding.contentWords($0.text).intersection(words).count < FactGrounding.contentWords($1.text).intersection(words).count
            }) else { break }
            let answer = try await call.ask(PostPrompts.specific(sentence: sentence, fact: fact.text), system: PostPrompts.system,
                                            purpose: "post-specific:\(slug)", maxTokens: 80, temperature: 0.3, seed: seed(0))
            let line = Self.firstLine(answer.text)
            let check = ProseCheck.check(line, reference: PostPrompts.scaffolding)
            let rewrite = check.text.trimmingCharacters(in: .whitespacesAndNewlines)
            let named = !FactGrounding.contentWords(rewrite).intersection(FactGrounding.contentWords(fact.text)).isEmpty
            guard check.violation == nil, named, (4...40).contains(QualityRubric.words(rewrite).count),
                  QualityRubric.vagueSentences(rewrite).isEmpty else { continue }
            body = body.replacingOccurrences(of: sentence, with: rewrite)
        }
        return body
    }

    // MARK: - Reading answers

    private func seed(_ attempt: Int) -> Int { 1 &+ 7919 &* attempt }

    /// The words asked for, shorter when the feedback says too long.
    static func target(_ words: ClosedRange<Int>, feedback: [String]) -> ClosedRange<Int> {
        feedback.contains(PostFeedback.Kind.tooLong.instruction) ? (words.lowerBound / 2)...(words.upperBound / 2) : words
    }

    /// Lines of a list answer, markers and citations removed.
    static func listItems(_ text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).compactMap { raw in
            var line = raw.trimmingCharacters(in: .whitespaces)
            guard let first = line.first, first == "-" || first == "*" || first == "•" || first.isNumber else { return nil }
            line = line.replacingOccurrences(of: #"^([-*•]|\d+[.)])\s*"#, with: "", options: .regularExpression)
            line = line.replacingOccurrences(of: #"\s*\[\d+\]"#, with: "", options: .regularExpression)
                .replacingOccurrences(of: "**", with: "").trimmingCharacters(in: .whitespaces)
            return line.isEmpty || line.hasSuffix(":") ? nil : line
        }
    }

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

    /// The answer without hashtag lines and without the hook, if the model wrote it again.
    static func withoutHashtagsOrHook(_ text: String, hook: String) -> String {
        var lines = text.components(separatedBy: "\n").filter { line in
            let words = line.split(separator: " ")
            return words.isEmpty || !words.allSatisfy { $0.hasPrefix("#") && $0.count > 1 }
        }
        while let first = lines.first, first.trimmingCharacters(in: .whitespaces).isEmpty { lines.removeFirst() }
        if let first = lines.first, similar(first, hook) || first.contains(hook) { lines.removeFirst() }
        return lines.joined(separator: "\n").replacingOccurrences(of: #"\s#\w+"#, with: "", options: .regularExpression)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Paragraphs of at most `size` sentences, single line breaks inside one joined.
    static func paragraphs(_ text: String, sentences size: Int = 3) -> String {
        let blocks = text.components(separatedBy: "\n\n").map {
            $0.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        }.filter { !$0.isEmpty }
        return blocks.flatMap { block -> [String] in
            let sentences = QualityRubric.sentences(block)
            guard sentences.count > size else { return [block] }
            return stride(from: 0, to: sentences.count, by: size).map { sentences[$0..<min($0 + size, sentences.count)].joined(separator: " ") }
        }.joined(separator: "\n\n")
    }

    /// `text` ending at the last sentence within `words` words.
    static func cut(_ text: String, words limit: Int) -> String {
        guard QualityRubric.words(text).count > limit else { return text }
        var kept: [String] = []
        var count = 0
        for paragraph in text.components(separatedBy: "\n\n") {
            var sentences: [String] = []
            for sentence in QualityRubric.sentences(paragraph) {
                let words = QualityRubric.words(sentence).count
                if count + words > limit { break }
                count += words
                sentences.append(sentence)
            }
            if !sentences.isEmpty { kept.append(sentences.joined(separator: " ")) }
            if count >= limit || sentences.count < QualityRubric.sentences(paragraph).count { break }
        }
        return kept.joined(separator: "\n\n")
    }

    static func similar(_ first: String, _ second: String) -> Bool {
        let (a, b) = (FactGrounding.contentWords(first), FactGrounding.contentWords(second))
        guard !a.isEmpty, !b.isEmpty else { return first == second }
        return Double(a.intersection(b).count) / Double(a.union(b).count) >= 0.7
    }
}
