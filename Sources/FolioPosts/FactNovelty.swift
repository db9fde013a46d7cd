import FolioBooks
import Foundation

/// The strict check of a piece against the one fact it was written from: a sentence may say
/// only what its fact and the lines around it (its paragraph in the source) say.
///
/// Checked against the whole evidence, the bundled model's "Run Folio at any point and it will
/// stop running." passed, since "stop" and "point" stand somewhere in the README; its fact said
/// Folio resumes after an interruption. Held to its own fact, every content word it brings in
/// (nouns, verbs, adjectives, compared by stem) must be there, beyond a short list of
/// connective words that claim nothing; and a verb of changing state may not be the opposite of
/// the fact's ("stop" where the fact says "resume").
struct FactNovelty: Sendable {
    /// The stems of the fact's, its paragraph's and the project name's content words.
    private let known: Set<String>
    /// Whether the fact is about the project: it opens with its name or "it".
    private let aboutTheProject: Bool
    /// The fact's own words, for the opposite-verb check.
    private let factStems: Set<String>
    /// Stems of the verbs the fact tells the reader to do ("Stop it… and run it again").
    private let readerSteps: Set<String>
    /// The project's name, lower-cased, and the pronoun that stands for it.
    private let subjects: Set<String>
    /// Whether the fact calls something what it is ("… is a parser", "…, a fast parser").
    private let defines: Bool

    /// Holds pieces to `fact`, its `context` (the lines around it) and the project's `name`.
    init(name: String, fact: String, context: String) {
        factStems = Set(FactGrounding.contentWords(fact).flatMap(Self.forms))
        readerSteps = Set(Self.imperatives(fact).flatMap(Self.forms))
        subjects = ["it", name.lowercased()]
        aboutTheProject = Self.tokens(fact).first.map(subjects.contains) ?? false
        defines = fact.range(of: #"\b(is|are)\s+(a|an|the|one)\b|^[^,]+,\s+(a|an)\s"#,
                             options: [.regularExpression, .caseInsensitive]) != nil
        known = factStems.union(FactGrounding.contentWords(name + " " + context).flatMap(Self.forms))
    }

    /// Content words of `line` that neither the fact, its context, the name nor
    /// ``connectives`` hold, in the order the line says them.
    func newWords(_ line: String) -> [String] {
        var seen = Set<String>()
        return Self.words(line).filter { word in
            !Self.connectives.contains(word) && Self.forms(word).allSatisfy { !known.contains($0) } && seen.insert(word).inserted
        }
    }

    /// Why `line` cannot be kept: it turns its fact around, or brings in more than `loose` words
    /// of its own (those it took from a worked example named as such);
    /// `nil` when it says only what its fact does.
    func problem(_ line: String, loose: Int = 0) -> String? {
        if let turned = turnsAround(line) { return turned }
        let new = newWords(line)
        // An example's word must stand in the fact itself: "in your home folder" came from the
        // worked example, though the fact's paragraph happened to say FOLIO_HOME.
        let borrowed = Self.words(line).filter { word in
            PostPrompts.exampleWords.contains(word) && Self.forms(word).allSatisfy { !factStems.contains($0) }
        }
        if !borrowed.isEmpty { return "copied its worked example (\(borrowed.prefix(3).joined(separator: ", ")))" }
        if new.count > loose { return "brought in \(new.prefix(3).joined(separator: ", ")), which its fact does not say" }
        return nil
    }

    /// Why `line` says the opposite of its fact, though in its words: an opposite verb, or the
    /// reader's step given to the project; `nil` when it does neither.
    func turnsAround(_ line: String) -> String? {
        reversal(line) ?? roleSwap(line) ?? identity(line) ?? pronoun(line)
    }

    /// "made the project the subject of its fact" when `line` opens with "It", which a reader
    /// takes for the project, and its fact is about something else ("It was removed in Python
    /// 3.8." from "Its predecessor function … was removed in Python 3.8."); `nil` otherwise.
    func pronoun(_ line: String) -> String? {
        guard !aboutTheProject, Self.tokens(line).first == "it" else { return nil }
        return "made the project the subject of its fact"
    }

    /// "called the project what its fact does not" when `line` says what the project is
    /// ("The distro is a machine-readable ID", from a fact saying it *provides* one) and its
    /// fact calls nothing anything; `nil` otherwise.
    func identity(_ line: String) -> String? {
        guard !defines else { return nil }
        let tokens = Self.tokens(line.replacingOccurrences(of: #"['’]s\s+(a|an)\b"#, with: " is $1",
                                                           options: [.regularExpression, .caseInsensitive]))
        for (index, token) in tokens.enumerated() where subjects.contains(token) && index + 2 < tokens.count {
            if ["is", "are"].contains(tokens[index + 1]), ["a", "an", "the", "one"].contains(tokens[index + 2]) {
                return "called the project what its fact does not"
            }
        }
        return nil
    }

    /// "gave the reader's step (stop) to the project" when `line` makes the project (by name or
    /// "it") do what its fact tells the reader to do: from "Give it a title… Stop it at any point
    /// and run it again" the bundled model wrote "Folio gives it a title" and "Run Folio at any
    /// point and it will stop running"; `nil` otherwise.
    func roleSwap(_ line: String) -> String? {
        guard !readerSteps.isEmpty else { return nil }
        let tokens = Self.tokens(line)
        for (index, token) in tokens.enumerated() where subjects.contains(token) {
            // The verb after the subject, past a modal or adverb ("it will stop", "Folio never gives").
            var next = index + 1
            while next < tokens.count, Self.auxiliaries.contains(tokens[next]) { next += 1 }
            guard next < tokens.count else { continue }
            if let step = Self.forms(tokens[next]).first(where: readerSteps.contains) {
                return "gave the reader's step (\(step)) to the project"
            }
        }
        return nil
    }

    /// The verbs `fact` tells its reader to do: a bare verb opening the fact or a clause of it
    /// (after `:`, `;`, `and`, `then`, `or`) and followed by its object ("Give it", "run it
    /// again", "install the package").
    static func imperatives(_ fact: String) -> [String] {
        let tokens = tokens(fact.replacingOccurrences(of: #"[:;]"#, with: " ; ", options: .regularExpression))
        var verbs: [String] = []
        for (index, token) in tokens.enumerated() where index + 1 < tokens.count {
            let opensClause = index == 0 || [";", "and", "then", "or"].contains(tokens[index - 1])
            guard opensClause, token.count >= 3, token.first?.isLetter == true, !token.hasSuffix("s"),
                  !notVerbs.contains(token), objects.contains(tokens[index + 1]) else { continue }
            verbs.append(token)
        }
        return verbs
    }

    /// Lower-case words of `text` in order, with `;` kept as a token of its own.
    private static func tokens(_ text: String) -> [String] {
        text.lowercased().split { !$0.isLetter && !$0.isNumber && $0 != ";" && $0 != "'" && $0 != "’" }
            .map { String($0).replacingOccurrences(of: #"['’](ll|s|d)$"#, with: "", options: .regularExpression) }
    }

    /// Words that begin what an imperative verb acts on.
    static let objects: Set = ["it", "them", "the", "a", "an", "your", "this", "that", "these", "those", "one", "each",
                               "every", "all", "any", "some", "up", "out"]
    /// Words at a clause's start that are no verbs.
    static let notVerbs: Set = ["the", "this", "that", "these", "those", "its", "you", "your", "our", "their", "and",
                                "then", "for", "with", "from", "into", "all", "any", "each", "every", "one", "how",
                                "what", "when", "where", "why", "who", "which", "there", "here"]
    /// Words between a subject and its verb.
    static let auxiliaries: Set = ["will", "can", "would", "could", "should", "may", "might", "must", "then", "also",
                                   "never", "always", "just", "simply", "automatically", "now", "still", "even", "only"]

    /// "stop where its fact says resume" when `line` uses one verb of a pair of opposites and
    /// the fact only the other; `nil` otherwise.
    func reversal(_ line: String) -> String? {
        let stems = Set(Self.words(line).flatMap(Self.forms))
        for (first, second) in Self.opposites {
            for (said, meant) in [(first, second), (second, first)]
            where stems.contains(said) && factStems.contains(meant) && !factStems.contains(said) {
                return "turned its fact around (\(said) where its fact says \(meant))"
            }
        }
        return nil
    }

    /// Share of `line`'s words in the longest run of words it copies from `fact`, in order
    /// (case and punctuation aside): 1 for a verbatim quotation.
    static func quotedShare(_ line: String, of fact: String) -> Double {
        let split = { (text: String) in text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init) }
        let (own, source) = (split(line), split(fact))
        guard !own.isEmpty else { return 0 }
        let longest = WordRuns.longestSharedRun(own, with: source)
        return (Double(longest) / Double(own.count) * 100).rounded() / 100
    }

    /// Lower-case words of `text`, three letters or more, the most common ones left out.
    static func words(_ text: String) -> [String] {
        text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
            .filter { $0.count >= 3 && !FactGrounding.common.contains($0) }
    }

    /// ``PieceCheck/forms(_:)`` and the endings it leaves (`libraries` → `library`,
    /// `quickly` → `quick`, `faster` → `fast`).
    static func forms(_ word: String) -> [String] {
        var forms = PieceCheck.forms(word)
        if let base = irregular[word] { forms.append(base) }
        for (suffix, replacement) in [("ies", "y"), ("ied", "y"), ("ly", ""), ("er", ""), ("est", "")]
        where word.count > suffix.count + 2 && word.hasSuffix(suffix) {
            forms.append(String(word.dropLast(suffix.count)) + replacement)
        }
        return forms
    }

    /// Past forms that no ending rule turns into their verb ("written" where a fact says "writes").
    static let irregular = [
        "written": "write", "wrote": "write", "made": "make", "built": "build", "ran": "run", "kept": "keep",
        "taken": "take", "took": "take", "given": "give", "gave": "give", "done": "do", "found": "find",
        "sent": "send", "brought": "bring", "left": "leave", "held": "hold", "chosen": "choose", "chose": "choose",
        "shown": "show", "known": "know", "knew": "know", "drawn": "draw", "drew": "draw", "lost": "lose",
        "spent": "spend", "began": "begin", "begun": "begin", "saw": "see", "seen": "see", "got": "get",
        "gotten": "get", "told": "tell", "said": "say", "paid": "pay", "led": "lead", "met": "meet", "stood": "stand",
    ]

    /// Words that join or frame a sentence without claiming anything about the project.
    static let connectives: Set = [
        "here", "how", "why", "what", "where", "whether", "while", "just", "now", "ever", "every", "own", "right", "way",
        "like", "still", "instead", "via", "there", "something", "anything", "everything", "also", "get", "make", "show",
        "see", "try", "let", "out", "only", "even", "such", "some", "many", "much", "very", "should", "would", "could",
        "does", "did", "doesn", "don", "isn", "aren", "been", "being", "who", "whose", "she", "her", "his", "him",
    ]

    /// Verbs and adjectives of changing state whose meanings are opposite.
    static let opposites: [(String, String)] = [
        ("stop", "resume"), ("stop", "continue"), ("stop", "start"), ("pause", "resume"), ("enable", "disable"),
        ("add", "remove"), ("include", "exclude"), ("allow", "prevent"), ("allow", "block"), ("open", "close"),
        ("increase", "decrease"), ("lose", "keep"), ("lose", "save"), ("fail", "succeed"), ("online", "offline"),
        ("slow", "fast"), ("manual", "automatic"), ("import", "export"), ("encrypt", "decrypt"), ("lock", "unlock"),
        ("install", "uninstall"), ("show", "hide"), ("accept", "reject"), ("connect", "disconnect"),
        ("compress", "decompress"), ("upload", "download"), ("public", "private"), ("local", "remote"),
        ("synchronous", "asynchronous"), ("forget", "remember"), ("break", "fix"), ("crash", "recover"),
    ]
}
