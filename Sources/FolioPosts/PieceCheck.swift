import FolioBooks
import Foundation

/// The code's check of one short piece a model wrote for a post (an opening line, or a sentence
/// made from one fact): a piece that fails is asked again with another seed, never kept.
///
/// A small model's sentence is kept only when it is the right length, gives back none of its
/// prompt or worked example, copies no run of 12 words from the sources and is no verbatim
/// copy of its fact, names no number or proper name the sources lack (nor the project otherwise
/// than they do, ``ProjectName``), and says nearly nothing the facts and evidence do not
/// (content words, compared by stem).
struct PieceCheck: Sendable {
    /// The project's name.
    let name: String
    /// The texts a piece may draw on: the facts sheet and the evidence passages.
    let sources: [String]
    private let known: Set<String>
    private let projectName: ProjectName
    private let numbers: Set<String>
    private let lowercased: String

    /// Words a post may use around its facts without claiming anything.
    static let framing: Set = [
        "here", "how", "why", "what", "get", "got", "started", "start", "ever", "wish", "tired", "need", "needs", "want",
        "way", "ways", "easy", "easier", "simple", "simply", "try", "show", "shows", "look", "just", "like", "still",
        "now", "new", "way", "work", "works", "working", "keep", "keeps", "take", "takes", "make", "without", "own",
        "every", "right", "out", "one", "write", "writes", "run", "runs", "there", "built", "build", "tool", "today",
        "does", "doesn", "don", "isn", "did", "anything", "something", "everything", "again", "create", "help", "set",
        "find", "see", "via", "instead", "turn", "give", "gives", "put", "puts", "know", "come", "comes", "going",
        "think", "happen", "happens", "imagine", "wonder",
    ]

    init(name: String, sources: [String]) {
        self.name = name
        self.sources = sources
        let all = ([name] + sources).joined(separator: "\n")
        known = Set(FactGrounding.contentWords(all).flatMap(Self.forms))
        numbers = Support.numbers(all)
        lowercased = all.lowercased()
        projectName = ProjectName(name, sources: sources)
    }

    /// Why `line`, written from `fact`, cannot be kept; `nil` when it can.
    ///
    /// - Parameters:
    ///   - words: how many words it may have.
    ///   - loose: how many content words it may use that the sources lack (framing words aside),
    ///     besides one inflected verb or adverb.
    ///   - checksSupport: whether numbers, names and words the sources lack refuse the line; off
    ///     when the safety chain rewrites what the sources do not support (`SAFETY_ACTION=rewrite`).
    ///   - quotes: whether the line may give its fact back word for word (a quotation the post
    ///     lists as such); a run of 12 words from the sources is refused all the same.
    func problem(_ line: String, fact: String, words range: ClosedRange<Int>, loose: Int, checksSupport: Bool = true,
                 quotes: Bool = false) -> String? {
        let words = QualityRubric.words(line)
        guard range.contains(words.count) else { return "wrote \(words.count) words" }
        let prompt = ProseCheck.check(line, reference: PostPrompts.scaffolding, titles: [name])
        let lowered = line.lowercased()
        if prompt.violation != nil || !prompt.dropped.isEmpty || PostPrompts.labels.contains(where: lowered.contains) {
            return "gave back its prompt"
        }
        if ProseCheck.check(line, reference: PostPrompts.exampleLines, copyRunWords: 6).violation != nil {
            return "copied its worked example"
        }
        // A sentence that is its fact word for word is a quotation, not the model's sentence.
        let verbatim = max(4, Int((Double(words.count) * 0.85).rounded(.up)))
        if !quotes, words.count >= 4, ProseCheck.check(line, reference: [fact], copyRunWords: verbatim).violation != nil {
            return "copied its fact word for word"
        }
        if ProseCheck.check(line, reference: sources, copyRunWords: 12).violation != nil {
            return "copied 12 words or more from the sources"
        }
        if let misnamed = projectName.misspelling(in: line) { return "wrote the project's name as \"\(misnamed)\"" }
        if checksSupport, let unsupported = unsupported(line, loose: loose) { return unsupported }
        if !QualityRubric.vagueSentences(line).isEmpty { return "used vague words" }
        return Self.unreadable(line, fact: fact)
    }

    /// Why `line` says what the sources do not: a number or a proper name they lack, or more
    /// than `loose` content words of its own; `nil` when it stays within them.
    private func unsupported(_ line: String, loose: Int) -> String? {
        let invented = Support.numbers(line).subtracting(numbers)
        if !invented.isEmpty { return "wrote the number \(invented.sorted().joined(separator: ", ")), which the sources lack" }
        if let foreign = foreignNames(line).first { return "named \(foreign), which the sources do not" }
        let unknown = FactGrounding.contentWords(line).filter { word in
            Self.forms(word).allSatisfy { !known.contains($0) && !Self.framing.contains($0) }
        }
        // A made-up claim is mostly a new thing (a noun, a name); a new inflected verb or adverb
        // ("stored", "losing", "quickly") is mostly the model's own wording: one of those is let by.
        let things = unknown.filter { word in !["ed", "ing", "ly"].contains(where: word.hasSuffix) }
        if things.count > loose || unknown.count > loose + 1 {
            return "wrote of \(unknown.sorted().prefix(3).joined(separator: ", ")), which the sources do not"
        }
        return nil
    }

    /// Words that turn a statement around.
    static let negations: Set = ["not", "no", "never", "nothing", "none", "nor", "cannot", "neither", "nobody", "nowhere"]

    /// Words a finished English sentence does not end on. Prepositions are not among them: "the
    /// OS it runs on." is a whole sentence.
    static let dangling: Set = ["a", "an", "the", "and", "or", "but", "your", "its", "their", "our", "my", "than"]

    /// Why `line` does not read as a sentence a person would post, or `nil`: it negates what its
    /// fact states ("The result is not a model…" from a fact that denies nothing), ends on a
    /// word that leaves it unfinished, says a word twice in a row, or is mostly not words.
    static func unreadable(_ line: String, fact: String) -> String? {
        let tokens = line.lowercased().split { !$0.isLetter && $0 != "'" && $0 != "’" }.map(String.init)
        let negates = { (words: [String]) in
            words.contains { negations.contains($0) || $0.hasSuffix("n't") || $0.hasSuffix("n’t") }
        }
        let factWords = fact.lowercased().split { !$0.isLetter && $0 != "'" && $0 != "’" }.map(String.init)
        if negates(tokens), !negates(factWords) { return "negated what its fact says" }
        if let last = tokens.last, dangling.contains(last) { return "left its sentence unfinished" }
        if zip(tokens, tokens.dropFirst()).contains(where: { $0 == $1 && $0.count > 1 }) { return "said a word twice in a row" }
        // "The output of the lsb_release command, if available, is the output of the lsb_release command."
        // Words only: a key or hash ("ghp_x7Kq2mPz9Rx7Kq2mPz9R…") repeats its letters, not words.
        let words = line.lowercased().split(whereSeparator: \.isWhitespace)
            .map { $0.trimmingCharacters(in: .punctuationCharacters) }.filter { !$0.isEmpty && !$0.contains(where: \.isNumber) }
        let runs = (0..<max(0, words.count - 3)).map { words[$0..<($0 + 4)].joined(separator: " ") }
        if Set(runs).count < runs.count { return "said the same words twice" }
        let letters = line.filter(\.isLetter).count
        if Double(letters) < 0.6 * Double(line.count) { return "wrote more symbols than words" }
        return nil
    }

    /// The forms `word` may stand for with its ending taken off (`running` → `run`, `writes` →
    /// `write`, `files` → `file`), so a sentence is not refused for saying "runs" where its
    /// fact says "running".
    static func forms(_ word: String) -> [String] {
        var forms = [word]
        for suffix in ["ing", "ed", "es", "s", "d"] where word.count > suffix.count + 2 && word.hasSuffix(suffix) {
            let root = String(word.dropLast(suffix.count))
            forms += [root, root + "e"]
            if let last = root.last, root.dropLast().last == last { forms.append(String(root.dropLast())) }
        }
        return forms
    }

    /// Capitalised words that start no sentence and no source holds: names the model made up.
    func foreignNames(_ line: String) -> [String] {
        let raw = line.split { $0.isWhitespace }.map(String.init)
        return raw.indices.compactMap { index -> String? in
            guard index > 0, !".!?:".contains(raw[index - 1].last ?? " ") else { return nil }
            let token = raw[index].replacingOccurrences(of: #"['’]s$"#, with: "", options: .regularExpression)
                .trimmingCharacters(in: .punctuationCharacters)
            guard let first = token.first, first.isUppercase, token.count > 1, !lowercased.contains(token.lowercased()) else {
                return nil
            }
            return token
        }
    }

    /// How many content words of `line` its `fact` holds, in any of their forms (the words of
    /// `name` aside).
    static func shared(_ line: String, _ fact: String, besides name: String = "") -> Int {
        let own = Set(FactGrounding.contentWords(fact).subtracting(FactGrounding.contentWords(name)).flatMap(forms))
        return FactGrounding.contentWords(line).filter { forms($0).contains(where: own.contains) }.count
    }

    /// Whether `line` is about the project: it names it or a content word of `facts`.
    func onTopic(_ line: String, facts: [String]) -> Bool {
        let topic = Set(FactGrounding.contentWords(([name] + facts).joined(separator: " ")).flatMap(Self.forms))
        return FactGrounding.contentWords(line).contains { Self.forms($0).contains(where: topic.contains) }
    }
}
