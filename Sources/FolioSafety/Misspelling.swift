import Foundation

/// Words of a new sentence that look like a misspelling of a word its reference text holds:
/// not in the reference, not an inflection of a reference word, but one or two letters away
/// from one (a project called `tidyclip` written back as "Tidclip").
///
/// A small model rewriting a sentence from its evidence gets names slightly wrong, and the
/// judge, which scores shared meaning, passes such a sentence; a reader sees the name wrong.
public enum Misspelling {
    /// Words shorter than this are not compared (too many short words are one letter apart).
    static let shortest = 5

    /// The words of `text` that misspell a name of `reference`, in order of appearance.
    ///
    /// Only names are compared: a word written with a capital or digit in `text`, or near a
    /// reference word written so (or in backticks) there. Common words one or two letters apart
    /// ("their" and "there") and inflections ("copied" and "copies") are not misspellings.
    public static func words(in text: String, against reference: String) -> [String] {
        let known = Set(words(of: reference))
        let knownStems = known.reduce(into: Set<String>()) { $0.formUnion(stems($1)) }
        let names = Set(nameLike(in: reference).map { $0.lowercased() })
        var found: [String] = []
        for written in rawWords(of: text) {
            let word = written.lowercased()
            guard word.count >= shortest, !known.contains(word), !common.contains(word),
                  stems(word).isDisjoint(with: knownStems), !found.contains(word) else { continue }
            let writtenAsName = isNameLike(written)
            let letters = Array(word)
            let near = known.contains {
                (writtenAsName || names.contains($0)) && abs($0.count - word.count) <= 2
                    && distance(letters, Array($0)) <= (word.count < 7 ? 1 : 2)
            }
            if near { found.append(word) }
        }
        return found
    }

    /// Runs of letters and digits as written.
    static func rawWords(of text: String) -> [String] {
        text.split { !$0.isLetter && !$0.isNumber }.map(String.init)
    }

    /// Lower-cased runs of letters and digits.
    static func words(of text: String) -> [String] {
        rawWords(of: text.lowercased())
    }

    /// Whether a word as written looks like a name: a capital letter or a digit in it.
    static func isNameLike(_ word: String) -> Bool {
        word.contains { $0.isUppercase || $0.isNumber }
    }

    /// The reference's names: words written with a capital or digit, and words in backticks.
    static func nameLike(in reference: String) -> [String] {
        var names = rawWords(of: reference).filter(isNameLike)
        for (index, part) in reference.split(separator: "`", omittingEmptySubsequences: false).enumerated() where index % 2 == 1 {
            names += rawWords(of: String(part))
        }
        return names
    }

    /// The word and what it may be an inflection of: endings (`-s`, `-es`, `-ed`, `-ing`, `-er`,
    /// `-ly`…) taken off, allowing a dropped final e, a y turned i, or a doubled final consonant.
    static func stems(_ word: String) -> Set<String> {
        var result: Set<String> = [word]
        for ending in endings where word.count > ending.count + 2 && word.hasSuffix(ending) {
            let base = String(word.dropLast(ending.count))
            result.formUnion([base, base + "e", base + "y"])
            if let last = base.last, base.dropLast().last == last { result.insert(String(base.dropLast())) }
        }
        return result
    }

    static let endings = ["s", "es", "ies", "ed", "ied", "d", "ing", "er", "ers", "est", "ly", "ily", "ation", "ations",
                          "ment", "ments", "al", "ally", "ness", "able", "ible", "ity", "ive"]

    /// Common words that are one or two letters from other common words.
    static let common: Set<String> = [
        "their", "there", "these", "those", "three", "where", "which", "while", "whole", "white", "other", "about",
        "after", "again", "above", "below", "could", "would", "should", "first", "every", "never", "often", "since",
        "until", "under", "still", "thing", "think", "thank", "world", "words", "works", "worth", "write", "wrote",
        "right", "night", "light", "might", "eight", "great", "greet", "start", "stars", "state", "store", "story",
        "place", "plane", "plant", "point", "print", "price", "prize", "small", "smell", "short", "shirt", "sport",
    ]

    /// Damerau–Levenshtein distance (adjacent transpositions count one), stopping early past 2.
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a == b { return 0 }
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var before = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var smallest = current[0]
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], before[j - 2] + 1)
                }
                smallest = min(smallest, current[j])
            }
            if smallest > 2 { return smallest }
            (before, previous, current) = (previous, current, before)
        }
        return previous[b.count]
    }
}
