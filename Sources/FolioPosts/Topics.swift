import Foundation

/// A repository's topics and the hashtags made from them.
public enum Topics {
    /// Topics in order of trust: the manifest's keywords, its language, the project's name, then
    /// terms the README keeps coming back to (at least three times, capitalised or acronyms).
    public static func of(name: String, manifest: RepositoryManifest?, readme: String?) -> [String] {
        var topics: [String] = manifest?.keywords ?? []
        if let language = manifest?.language { topics.append(language) }
        topics.append(name)
        if let readme {
            let spellings = casedSpellings(readme)
            topics = topics.map { respelled($0, spellings) } + recurringTerms(readme)
        }
        var seen = Set<String>()
        return topics.filter { !$0.isEmpty && seen.insert(hashtag($0).lowercased()).inserted && hashtag($0).count > 1 }
    }

    /// 3 to 5 hashtags from `topics`, each CamelCase with `#`; fewer only when fewer topics exist.
    public static func hashtags(_ topics: [String], limit: Int = 5) -> [String] {
        var seen = Set<String>()
        return topics.map(hashtag).filter { $0.count > 1 && seen.insert($0.lowercased()).inserted }
            .prefix(limit).map { "#" + $0 }
    }

    /// `swift package manager` → `SwiftPackageManager`; `llama.cpp` → `LlamaCpp`; `EPUB` stays.
    public static func hashtag(_ topic: String) -> String {
        let words = topic.split { !$0.isLetter && !$0.isNumber }
        // Each word's first letter up; the rest as written, so `EPUB` and `SwiftNIO` keep their capitals.
        return words.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// `topic` with each all-lower-case word spelled as the README spells it, when it does so
    /// with capitals: a keyword `csv` becomes `CSV`, `github` becomes `GitHub`.
    static func respelled(_ topic: String, _ spellings: [String: String]) -> String {
        var result = ""
        var word = ""
        func flush() {
            result += word == word.lowercased() ? spellings[word] ?? word : word
            word = ""
        }
        for character in topic {
            if character.isLetter || character.isNumber {
                word.append(character)
            } else {
                flush()
                result.append(character)
            }
        }
        flush()
        return result
    }

    /// The README's most frequent spelling with capitals of each word it writes so, by the
    /// word's lower-case form (sentence starts aside, where any word has a capital).
    static func casedSpellings(_ text: String) -> [String: String] {
        var counts: [String: [String: Int]] = [:]
        for sentence in text.split(whereSeparator: { ".!?:\n#".contains($0) }) {
            let words = sentence.split { !$0.isLetter && !$0.isNumber }
            for word in words.dropFirst() where word.count >= 2 && word != word.lowercased() {
                counts[word.lowercased(), default: [:]][String(word), default: 0] += 1
            }
        }
        return counts.compactMapValues { forms in forms.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key }
    }

    /// Capitalised words or acronyms the README uses three times or more, most frequent first,
    /// not counting sentence starts (a line's first word, or one after ":", ".", "!" or "?"),
    /// headings' stop words, table rows, paths and file names ("Sources/…", "Ink.swift") or
    /// code (fenced, in backticks, or setting names such as `LOCAL_MODEL_PATH`, whose parts are
    /// no topics). swift-configuration's "- **`JSON`** (default): Adds support for…", GRDB's
    /// table of "Read / Write" cells and swift-collections' "Sources/…" links made hashtags of
    /// "Adds", "Read" and "Sources".
    static func recurringTerms(_ text: String, limit: Int = 6) -> [String] {
        var counts: [String: Int] = [:]
        var order: [String] = []
        var inCode = false
        for line in text.split(separator: "\n") {
            if line.hasPrefix("```") { inCode.toggle(); continue }
            if inCode || line.trimmingCharacters(in: .whitespaces).hasPrefix("|") { continue }
            let prose = line.replacingOccurrences(of: #"`[^`]*`"#, with: " ", options: .regularExpression)
            let words = prose.ranges(of: #/[\p{L}\p{N}][\p{L}\p{N}_\-]*/#)
            for (position, range) in words.enumerated() where position > 0 {
                let word = prose[range]
                guard word.count >= 3, !word.contains("_"), !word.contains("-"), let first = word.first, first.isUppercase,
                      !stopWords.contains(word.lowercased()) else { continue }
                let before = prose[..<range.lowerBound].last { !$0.isWhitespace && !"*_(".contains($0) }
                let after = prose[range.upperBound...].prefix(2)
                if let before, ":.!?/".contains(before) { continue }
                if after.first == "/" || (after.first == "." && after.dropFirst().first?.isLetter == true) { continue }
                let term = String(word)
                if counts[term] == nil { order.append(term) }
                counts[term, default: 0] += 1
            }
        }
        // A plural beside its singular ("APIs", "API") is the same topic, counted with it.
        for term in order where term.hasSuffix("s") && counts[String(term.dropLast())] != nil {
            counts[String(term.dropLast()), default: 0] += counts.removeValue(forKey: term) ?? 0
        }
        return order.filter { counts[$0, default: 0] >= 3 }
            .sorted { counts[$0, default: 0] > counts[$1, default: 0] }
            .prefix(limit).map { $0 }
    }

    static let stopWords: Set = ["the", "and", "for", "with", "this", "that", "from", "when", "each", "every", "one",
                                 "its", "you", "your", "not", "but", "all", "any", "see", "use", "run", "then", "also",
                                 "options", "note", "usage", "example", "examples", "install", "license", "readme",
                                 // "Code of Conduct" is no project's topic.
                                 "conduct"]
}
