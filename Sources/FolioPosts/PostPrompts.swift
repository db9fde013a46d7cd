import FolioProviders
import FolioPublishing
import Foundation

/// The prompts of the post chain: one small task per call (one opening line, or one sentence
/// from one fact), each shown first on a made-up project, since the default model is small.
///
/// Asked for a whole post, or for a sentence with no example, the bundled 135M model wrote of
/// companies, apps and features no source names; shown one worked example per task (a
/// fact and the sentence made from it) it stays near the fact it is given, and the code checks
/// the rest (``PieceCheck``).
enum PostPrompts {
    static let system = "You write short, plain, accurate posts about software projects."

    /// The made-up project of the worked examples. It is named in no real repository's facts,
    /// so an answer that mentions it copied the example and fails the check.
    static let exampleName = "Tidewater"

    /// Facts of the made-up project and the sentences a post makes of them.
    static let examplePieces = [
        ("Tidewater syncs calendar events between phones and laptops over your local network.",
         "Tidewater keeps the calendars on your phone and laptop in sync, without leaving your local network."),
        ("Builds are cached per commit, so a second run of the same commit takes seconds.",
         "Run the same commit twice and the second build takes seconds, because Tidewater caches every build."),
        ("It reads its settings from a single TOML file in your home folder.",
         "All of Tidewater's settings live in one TOML file in your home folder."),
    ]

    /// Asks for one sentence of the body from `fact`, after three worked examples.
    static func piece(name: String, fact: String, brief: PostBrief) -> [ChatMessage] {
        var messages = [ChatMessage(.system, system)]
        for (exampleFact, sentence) in examplePieces {
            messages.append(ChatMessage(.user, pieceTask(name: exampleName, fact: exampleFact, notes: [])))
            messages.append(ChatMessage(.assistant, sentence))
        }
        messages.append(ChatMessage(.user, pieceTask(name: name, fact: fact, notes: notes(brief))))
        return messages
    }

    /// Facts of the made-up project and the sentences that leave some of their clauses out.
    static let exampleTrims = [
        ("Tidewater syncs calendar events between phones and laptops over your local network, with no account and no cloud service.",
         "Tidewater syncs calendar events between phones and laptops over your local network."),
        ("It caches every build per commit, so a second run of the same commit takes seconds, even on a slow laptop.",
         "Tidewater caches every build per commit, so a second run of the same commit takes seconds."),
    ]

    /// Asks for one sentence of the body that shortens `fact` by leaving clauses out
    /// (`POST_BODY=trim`), after two worked examples.
    static func trim(name: String, fact: String) -> [ChatMessage] {
        var messages = [ChatMessage(.system, system)]
        for (exampleFact, sentence) in exampleTrims {
            messages.append(ChatMessage(.user, trimTask(name: exampleName, fact: exampleFact)))
            messages.append(ChatMessage(.assistant, sentence))
        }
        messages.append(ChatMessage(.user, trimTask(name: name, fact: fact)))
        return messages
    }

    static func trimTask(name: String, fact: String) -> String {
        "Fact about \(name): \(fact)\nShorten it for a post by leaving clauses out."
    }

    static func pieceTask(name: String, fact: String, notes: [String]) -> String {
        "Fact about \(name): \(fact)\n" + notes.map { $0 + "\n" }.joined() + "Write one sentence for a post."
    }

    /// What the reader asked for, as short lines a small model can follow. A revision's
    /// feedback is not among them: the code acts on it (``PostRevision``), since a small model
    /// told what was wrong writes sentences saying the opposite of its fact.
    static func notes(_ brief: PostBrief) -> [String] {
        var notes: [String] = []
        if let tone = brief.tone { notes.append("Tone: \(tone).") }
        if let style = brief.style { notes.append("Style: \(style).") }
        if let audience = brief.audience { notes.append("Readers: \(audience).") }
        return notes
    }

    /// Asks for one opening line of `type` about `fact`, after one worked example of that type.
    static func hook(name: String, fact: String, type: HookType, audience: String?) -> [ChatMessage] {
        let example = exampleHooks[type] ?? exampleHooks[.question]!
        return [
            ChatMessage(.system, system),
            ChatMessage(.user, hookTask(name: exampleName, fact: example.fact, type: type, audience: nil)),
            ChatMessage(.assistant, example.line),
            ChatMessage(.user, hookTask(name: name, fact: fact, type: type, audience: audience)),
        ]
    }

    static func hookTask(name: String, fact: String, type: HookType, audience: String?) -> String {
        let reader = audience.map { " for \($0)" } ?? ""
        let task = switch type {
        case .question: "Write a question\(reader) that opens a post about \(name)."
        case .boldClaim: "Write a bold claim\(reader) that opens a post about \(name)."
        case .statistic: "Write an opening line\(reader) about \(name) that starts with the number in the fact."
        case .story: "Write an opening line\(reader) telling how \(name) changed."
        case .howTo: "Write a line\(reader) that promises to show how to do something with \(name)."
        }
        return "Fact: \(fact)\n\(task)"
    }

    static let exampleHooks: [HookType: (fact: String, line: String)] = [
        .question: (examplePieces[0].0, "Why do your calendars still need the cloud to stay in sync?"),
        .boldClaim: (examplePieces[0].0, "Your calendars do not need the cloud to stay in sync."),
        .statistic: ("A warm build of the same commit takes 3 seconds instead of 40.",
                     "3 seconds instead of 40: that is a warm Tidewater build of the same commit."),
        .story: ("Switch the sync engine from polling to file events.",
                 "Tidewater used to poll for changes; now it listens for file events instead."),
        .howTo: (examplePieces[0].0, "Here is how to keep your phone and laptop calendars in sync without the cloud."),
    ]

    /// The labels and task words of the prompts, lower-cased: an answer holding one gave its
    /// prompt back.
    static let labels = ["fact about", "fact:", "write one sentence", "shorten it for a post", "write a question", "write a bold claim",
                         "write an opening line", "write a line", "opens a post", "for a post."]

    /// The sentences of the worked examples, which an answer must not copy.
    static var exampleLines: [String] { examplePieces.map(\.1) + exampleHooks.values.map(\.line) }

    /// The words the worked example of `type` opens with before its first content word
    /// ("here is how to", "why do your"), when there are two or more.
    static func frame(of type: HookType) -> [String] {
        guard let line = exampleHooks[type]?.line else { return [] }
        let words = line.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
        let frame = words.prefix { word in word.count < 3 || FactGrounding.common.contains(word) || FactNovelty.connectives.contains(word) }
        return frame.count >= 2 ? Array(frame) : []
    }

    /// The content words of the worked examples (facts and answers): one of them in a piece
    /// whose own fact lacks it was taken from an example.
    static let exampleWords: Set<String> = {
        let text = (examplePieces.flatMap { [$0.0, $0.1] } + exampleHooks.values.flatMap { [$0.fact, $0.line] })
            .joined(separator: " ")
        return Set(FactNovelty.words(text)).subtracting(FactNovelty.connectives)
    }()

    /// The instruction lines of every prompt and the worked examples: text a model must not
    /// give back.
    static var scaffolding: [String] {
        ["Write one sentence for a post.", "Fact about", "that opens a post about",
         "that promises to show how to do something with", "that starts with the number in the fact"]
            + examplePieces.flatMap { [$0.0, $0.1] } + exampleHooks.values.flatMap { [$0.fact, $0.line] }
            + ["Shorten it for a post by leaving clauses out."] + exampleTrims.flatMap { [$0.0, $0.1] }
    }
}
