import Foundation
import FolioPublishing

/// The prompts of the post chain: short and concrete, since the default model is small.
enum PostPrompts {
    static let system = "You write short, plain, accurate posts about software projects."

    /// Asks the model to pick the facts that matter from numbered source sentences (a small
    /// model copies the sentences it picks, which keeps every fact faithful).
    static func facts(_ candidates: [PostFact], count: Int) -> String {
        numbered(candidates) + "\n\nPick the \(count) most important sentences. Reply with the sentences."
    }

    /// Asks the model to answer the hook with the facts, for a model whose own prose the
    /// sources did not support.
    static func arrange(hook: String, facts: [PostFact]) -> String {
        hook + "\n\n" + numbered(facts) + "\n\nPick the sentences that answer this best, in a good order. Reply with the sentences."
    }

    static func numbered(_ facts: [PostFact]) -> String {
        facts.enumerated().map { "\($0.offset + 1). \($0.element.text)" }.joined(separator: "\n")
    }

    /// Asks for one opening line of `type`.
    static func hook(name: String, facts: [PostFact], type: HookType, material: HookMaterial, audience: String?) -> String {
        var prompt = "Facts about \(name):\n" + list(facts) + "\n"
        let reader = audience.map { " for \($0)" } ?? ""
        switch type {
        case .question:
            prompt += "Write one question\(reader) that these facts answer. Mention \(name). One line ending with a question mark."
        case .boldClaim:
            prompt += "Write one bold claim\(reader) about \(name) that these facts support. One short line."
        case .statistic:
            prompt += "Number from the notes: \(clean(material.statistic ?? ""))\n\n"
                + "Write one opening line\(reader) about \(name) that starts with this number. One short line."
        case .story:
            prompt += "A change in the project's history: \(clean(material.turn ?? ""))\n\n"
                + "Write one opening line\(reader) telling how \(name) changed. One short line."
        case .howTo:
            prompt += "Write one opening line\(reader) that promises to show how to do something with \(name). One short line."
        }
        return prompt
    }

    /// Asks for the post's body after `hook`.
    static func draft(name: String, facts: [PostFact], hook: String, brief: PostBrief, words: ClosedRange<Int>) -> String {
        var prompt = "Facts about \(name):\n" + list(facts) + "\n"
        prompt += "First line of the post: \(hook)\n\n"
        var asks = ["Write the rest of this LinkedIn post about \(name) in \(words.lowerBound) to \(words.upperBound) words.",
                    "Use the facts. Two or three short paragraphs. No hashtags."]
        if let tone = brief.tone { asks.append("Tone: \(tone).") }
        if let style = brief.style { asks.append("Style: \(style).") }
        if let audience = brief.audience { asks.append("Readers: \(audience).") }
        for note in brief.feedback { asks.append(note) }
        return prompt + asks.joined(separator: " ")
    }

    /// Asks to restate one vague sentence with a fact.
    static func specific(sentence: String, fact: String) -> String {
        "Fact: \(fact)\nSentence: \(sentence)\n\nRewrite the sentence so it states the fact plainly, without vague words. Write one sentence."
    }

    /// The instruction lines of every prompt: text a model must not copy back.
    static let scaffolding = [
        "Pick the most important sentences. Reply with the sentences.",
        "Pick the sentences that answer this best, in a good order. Reply with the sentences.",
        "Write the rest of this LinkedIn post about in to words. Use the facts. Two or three short paragraphs. No hashtags.",
        "Rewrite the sentence so it states the fact plainly, without vague words. Write one sentence.",
        "that these facts answer. Mention One line ending with a question mark.",
        "that promises to show how to do something with One short line.",
    ]

    static func list(_ facts: [PostFact]) -> String {
        facts.map { "- " + $0.text }.joined(separator: "\n") + "\n"
    }

    /// Passage text as plain lines: Markdown tables, HTML and fences out, long runs shortened.
    static func clean(_ text: String) -> String {
        var lines: [String] = []
        var inCode = false
        for raw in text.split(separator: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("```") { inCode.toggle(); continue }
            if line.isEmpty || line.hasPrefix("|") || line.hasPrefix("<") || line.hasPrefix("[!") { continue }
            var kept = line
            while let first = kept.first, "#>*-".contains(first) { kept.removeFirst() }
            kept = kept.replacingOccurrences(of: #"!?\[([^\]]*)\]\([^)]*\)"#, with: "$1", options: .regularExpression)
            kept = kept.replacingOccurrences(of: "**", with: "").replacingOccurrences(of: "`", with: "")
                .trimmingCharacters(in: .whitespaces)
            if inCode { kept = "$ " + kept }
            if !kept.isEmpty { lines.append(kept) }
        }
        return String(lines.joined(separator: "\n").prefix(700))
    }
}
