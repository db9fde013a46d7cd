import Foundation

/// What the offline judge compares between a claim and its evidence: content words (lightly
/// stemmed), numbers, names and negation.
struct TextFacts: Sendable, Equatable {
    /// Stems of the content words, in order (stop words left out).
    var stems: [String]
    /// Numbers, normalised (`1,200` → `1200`, `two` → `2`).
    var numbers: Set<String>
    /// Capitalised words that are not stop words, lower-cased.
    var names: Set<String>
    /// Whether the text says no, not, never, without….
    var isNegated: Bool

    /// Four-digit numbers from 1000 to 2099: years, whose disagreement matters most.
    var years: Set<String> {
        numbers.filter { $0.count == 4 && ($0.hasPrefix("1") || $0.hasPrefix("20")) && Int($0) != nil }
    }

    /// The stems as a set.
    var stemSet: Set<String> { Set(stems) }

    /// Consecutive content-stem pairs.
    var bigrams: Set<String> {
        guard stems.count > 1 else { return [] }
        return Set(zip(stems, stems.dropFirst()).map { $0 + " " + $1 })
    }

    /// Analyses `text`.
    init(_ text: String) {
        var stems: [String] = []
        var numbers: Set<String> = []
        var names: Set<String> = []
        var negated = false
        for word in Self.words(text) {
            let lower = word.lowercased()
            if Self.negations.contains(lower) || lower.hasSuffix("n't") { negated = true }
            if let number = Self.number(lower) {
                numbers.insert(number)
                stems.append(number)
                continue
            }
            if Self.stopWords.contains(lower) || Self.negations.contains(lower) { continue }
            if word.first?.isUppercase == true, lower.count > 1 { names.insert(lower) }
            stems.append(Self.stem(lower))
        }
        self.stems = stems
        self.numbers = numbers
        self.names = names
        isNegated = negated
    }

    /// Letter-or-digit runs, keeping a decimal point or thousands separator inside a number and an
    /// apostrophe inside a word.
    static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        let characters = Array(text)
        for (index, character) in characters.enumerated() {
            if character.isLetter || character.isNumber {
                current.append(character)
            } else if (character == "." || character == ","), current.last?.isNumber == true,
                      index + 1 < characters.count, characters[index + 1].isNumber {
                current.append(character)
            } else if (character == "'" || character == "’"), !current.isEmpty,
                      index + 1 < characters.count, characters[index + 1].isLetter {
                current.append("'")
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// The normalised number a word stands for, or nil.
    static func number(_ word: String) -> String? {
        if let value = numberWords[word] { return value }
        guard word.first?.isNumber == true else { return nil }
        var digits = word.replacingOccurrences(of: ",", with: "")
        // 3rd, 21st, 1990s, 5km: the leading number is what must agree.
        digits = String(digits.prefix { $0.isNumber || $0 == "." })
        if digits.hasSuffix(".") { digits.removeLast() }
        if digits.contains("."), let value = Double(digits) {
            return value == value.rounded() ? String(Int(value)) : String(value)
        }
        guard !digits.isEmpty else { return nil }
        let significant = digits.drop { $0 == "0" }
        return significant.isEmpty ? "0" : String(significant)
    }

    /// A light suffix-stripping stemmer: enough for "released"/"releases"/"releasing" to meet.
    static func stem(_ word: String) -> String {
        var word = word
        if word.hasSuffix("'s") { word.removeLast(2) }
        for suffix in ["ations", "ation", "ings", "ing", "edly", "ies", "ied", "ers", "er", "ed", "ly", "es", "s"]
        where word.count - suffix.count >= 3 && word.hasSuffix(suffix) {
            word.removeLast(suffix.count)
            if suffix == "ies" || suffix == "ied" { word += "y" }
            break
        }
        return word
    }

    static let negations: Set<String> = [
        "not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "without", "cannot", "nowhere",
        "hardly", "lacks", "lack", "lacking", "fails", "failed",
    ]

    static let numberWords: [String: String] = [
        "zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
        "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "thirteen": "13",
        "fourteen": "14", "fifteen": "15", "sixteen": "16", "seventeen": "17", "eighteen": "18",
        "nineteen": "19", "twenty": "20", "thirty": "30", "forty": "40", "fifty": "50", "sixty": "60",
        "seventy": "70", "eighty": "80", "ninety": "90", "hundred": "100", "first": "1",
        "third": "3", "fourth": "4", "fifth": "5", "sixth": "6", "seventh": "7", "eighth": "8", "ninth": "9",
        "tenth": "10", "twice": "2", "dozen": "12",
    ]

    static let stopWords: Set<String> = [
        "a", "an", "the", "and", "or", "but", "if", "then", "than", "so", "as", "at", "by", "for", "from", "in",
        "into", "of", "on", "onto", "to", "with", "within", "about", "after", "before", "over", "under", "up",
        "down", "out", "off", "again", "further", "also", "too", "very", "just", "only", "more", "most", "much",
        "many", "some", "such", "own", "same", "other", "another", "each", "every", "all", "any", "both", "few",
        "is", "are", "was", "were", "be", "been", "being", "am", "has", "have", "had", "having", "do", "does",
        "did", "doing", "will", "would", "shall", "should", "can", "could", "may", "might", "must", "this",
        "that", "these", "those", "it", "its", "it's", "he", "him", "his", "she", "her", "hers", "they", "them",
        "their", "theirs", "we", "us", "our", "ours", "you", "your", "yours", "i", "me", "my", "mine", "who",
        "whom", "whose", "which", "what", "when", "where", "why", "how", "there", "here", "while", "during",
        "since", "until", "because", "though", "although", "however", "thus", "therefore", "which", "via",
        "per", "among", "between", "through", "across", "against", "around", "along", "behind", "beyond",
        "like", "one's", "itself", "himself", "herself", "themselves", "yet", "still", "even", "well", "now",
        "currently", "later", "earlier", "s", "t", "d", "ll", "re", "ve", "m",
    ]
}
