import FolioCore
import Foundation

/// BERT's uncased WordPiece tokenizer, as used by all-MiniLM-L6-v2.
///
/// Text first goes through BERT's basic tokenization (control characters
/// dropped, whitespace normalised, CJK ideographs and punctuation split into
/// their own words, lower-cased, accents stripped), then each word is split
/// greedily into the longest vocabulary pieces, continuation pieces prefixed
/// with `##`. A word that cannot be split, or is longer than 100 characters,
/// becomes `[UNK]`.
public struct WordPieceTokenizer: TokenCounter {
    /// The vocabulary, piece → id (line number in `vocab.txt`).
    public let vocabulary: [String: Int]
    /// Id of `[CLS]`, put before every encoded text.
    public let classifierID: Int
    /// Id of `[SEP]`, put after every encoded text.
    public let separatorID: Int
    /// Id of `[UNK]`.
    public let unknownID: Int
    /// Id of `[PAD]`.
    public let paddingID: Int
    /// Words longer than this many characters become `[UNK]`.
    public let maxCharactersPerWord = 100

    public var encodingName: String { "wordpiece" }

    /// Loads the vocabulary from a BERT `vocab.txt` (one piece per line, id = line number).
    public init(vocabularyFile: String) throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: vocabularyFile))
        } catch {
            throw FolioError.badInput("cannot read WordPiece vocabulary \(vocabularyFile): \(error.localizedDescription)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw FolioError.badInput("WordPiece vocabulary \(vocabularyFile) is not UTF-8")
        }
        var vocabulary: [String: Int] = [:]
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        for (id, line) in lines.enumerated() {
            let piece = line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
            if vocabulary[piece] == nil { vocabulary[piece] = id }
        }
        try self.init(vocabulary: vocabulary)
    }

    /// Uses an in-memory vocabulary; it must hold `[CLS]`, `[SEP]`, `[UNK]` and `[PAD]`.
    public init(vocabulary: [String: Int]) throws {
        guard let cls = vocabulary["[CLS]"], let sep = vocabulary["[SEP]"],
              let unk = vocabulary["[UNK]"], let pad = vocabulary["[PAD]"]
        else {
            throw FolioError.badInput("WordPiece vocabulary lacks [CLS], [SEP], [UNK] or [PAD]")
        }
        self.vocabulary = vocabulary
        self.classifierID = cls
        self.separatorID = sep
        self.unknownID = unk
        self.paddingID = pad
    }

    /// The WordPiece pieces of `text`, without `[CLS]`/`[SEP]`.
    public func tokenize(_ text: String) -> [String] {
        var pieces: [String] = []
        for word in Self.basicTokens(text) {
            appendPieces(of: word, to: &pieces)
        }
        return pieces
    }

    /// The ids of `[CLS]`, the pieces of `text`, `[SEP]`; with `maxLength`,
    /// pieces are cut so that the whole sequence (specials included) fits.
    public func encode(_ text: String, maxLength: Int? = nil) -> [Int] {
        var ids = [classifierID]
        let limit = maxLength.map { max(0, $0 - 2) }
        for piece in tokenize(text) {
            if let limit, ids.count - 1 >= limit { break }
            ids.append(vocabulary[piece] ?? unknownID)
        }
        ids.append(separatorID)
        return ids
    }

    /// The number of WordPiece pieces in `text`, specials not counted.
    public func count(_ text: String) -> Int {
        tokenize(text).count
    }

    private func appendPieces(of word: String, to pieces: inout [String]) {
        let scalars = Array(word.unicodeScalars)
        if scalars.count > maxCharactersPerWord {
            pieces.append("[UNK]")
            return
        }
        var start = 0
        var found: [String] = []
        while start < scalars.count {
            var end = scalars.count
            var match: String?
            while start < end {
                var candidate = String(String.UnicodeScalarView(scalars[start..<end]))
                if start > 0 { candidate = "##" + candidate }
                if vocabulary[candidate] != nil {
                    match = candidate
                    break
                }
                end -= 1
            }
            guard let match else {
                pieces.append("[UNK]")
                return
            }
            found.append(match)
            start = end
        }
        pieces.append(contentsOf: found)
    }

    /// BERT's basic tokenization: cleaned, lower-cased, accent-free words with
    /// punctuation and CJK ideographs as words of their own.
    static func basicTokens(_ text: String) -> [String] {
        // Clean control characters and normalise whitespace; space out CJK ideographs.
        var cleaned = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar.value == 0 || scalar.value == 0xFFFD || isControl(scalar) { continue }
            if isWhitespace(scalar) {
                cleaned.append(" ")
            } else if isCJK(scalar) {
                cleaned.append(" ")
                cleaned.append(scalar)
                cleaned.append(" ")
            } else {
                cleaned.append(scalar)
            }
        }
        var words: [String] = []
        for raw in String(cleaned).split(separator: " ", omittingEmptySubsequences: true) {
            let lowered = raw.lowercased().decomposedStringWithCanonicalMapping
            var current = String.UnicodeScalarView()
            for scalar in lowered.unicodeScalars {
                if scalar.properties.generalCategory == .nonspacingMark { continue }
                if isPunctuation(scalar) {
                    if !current.isEmpty { words.append(String(current)); current = String.UnicodeScalarView() }
                    words.append(String(scalar))
                } else if isWhitespace(scalar) {
                    if !current.isEmpty { words.append(String(current)); current = String.UnicodeScalarView() }
                } else {
                    current.append(scalar)
                }
            }
            if !current.isEmpty { words.append(String(current)) }
        }
        return words
    }

    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case " ", "\t", "\n", "\r": return true
        default: return scalar.properties.generalCategory == .spaceSeparator
        }
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "\t", "\n", "\r": return false
        default:
            let category = scalar.properties.generalCategory
            return category == .control || category == .format
        }
    }

    static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if (33...47).contains(v) || (58...64).contains(v) || (91...96).contains(v) || (123...126).contains(v) {
            return true
        }
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return true
        default:
            return false
        }
    }

    static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F,
             0x2B740...0x2B81F, 0x2B820...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F:
            return true
        default:
            return false
        }
    }
}
