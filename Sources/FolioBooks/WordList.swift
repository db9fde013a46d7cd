import Foundation
import Synchronization

/// The words of a language, from word list files (one word a line, as Debian's
/// `wamerican-large` installs it): what tells a word the model made up in a plan ("lashle",
/// "ladda iti cha chatu lele") from a rare one it knows ("trove", "lamplighter"), and a
/// chapter's sentence in another language from one in the book's.
///
/// The files are read on the first question (about 30 ms for 170,000 words), once per process.
public struct WordList: Sendable {
    /// Where Debian's `wamerican-large` puts its list; set-up installs it.
    public static let systemPath = "/usr/share/dict/american-english-large"
    /// English in both spellings: `wamerican-large` and `wbritish-large`, which set-up installs
    /// (the American list alone took "harbour" for a made-up word).
    public static let systemPaths = [systemPath, "/usr/share/dict/british-english-large"]

    private let storage: Storage

    /// The list in the file at `path`; `nil` when there is no such file.
    public init?(path: String) {
        self.init(paths: [path])
    }

    /// The words of every readable file of `paths`; `nil` when none is.
    public init?(paths: [String]) {
        let readable = paths.filter { FileManager.default.isReadableFile(atPath: $0) }
        guard !readable.isEmpty else { return nil }
        storage = Storage.shared(readable)
    }

    /// A list of `words`.
    init(words: [String]) {
        storage = Storage(words: Set(words.map { $0.lowercased() }))
    }

    /// Whether `word` (lower case) is in the list, as it is or with a common English ending
    /// ("lighthouses", "drifted", "carving", "keeper's").
    ///
    /// An ending goes on a stem the way English puts it there: "es" after a hiss or an o
    /// ("watches", "heroes", not the quick starts' "flickes" and "complexityes"), and nothing
    /// but "'s" after a contraction ("he'll" is a word, "he'lled" none).
    func knows(_ word: String) -> Bool {
        let words = storage.words
        if words.contains(word) { return true }
        for (ending, stem) in Self.endings where word.hasSuffix(ending) && word.count > ending.count + 1 {
            let base = String(word.dropLast(ending.count))
            if ending == "es", !Self.takesEs.contains(where: base.hasSuffix) { continue }
            if ending != "'s", base.contains("'") { continue }
            if words.contains(base + stem) { return true }
        }
        return false
    }

    /// How a stem ends when its plural or third person adds "es" rather than "s".
    static let takesEs = ["s", "x", "z", "ch", "sh", "o"]

    /// The first word of `text` written in lower case (a name is written capitalised) that the
    /// list does not know even as a compound of two words it knows ("clockface", "lanternlight"),
    /// with "un" before one ("unatoned"), or with its final g dropped ("lookin'"): a word the
    /// model made up in prose or a plan ("problemals", "unforgivng", "lashle"), if any.
    func inventedWord(in text: String) -> String? {
        Self.lowerCaseWords(in: text).first { $0.allSatisfy(\.isASCII) && !knowsAsWritten($0) }
    }

    /// Whether `word` is known, as a compound, with "un" before it or its final g dropped.
    private func knowsAsWritten(_ word: String) -> Bool {
        if knows(word) || (word.hasSuffix("in") && knows(word + "g")) { return true }
        if word.hasPrefix("un"), word.count > 4, knows(String(word.dropFirst(2))) { return true }
        // Each part of four letters or more: "problem" + "als" is no compound.
        let letters = Array(word)
        guard letters.count >= 8 else { return false }
        return (4...(letters.count - 4)).contains { cut in
            knows(String(letters[..<cut])) && knows(String(letters[cut...]))
        }
    }

    /// Share of the words `text` writes in lower case (names aside) that the list does not know
    /// (as ``inventedWord(in:)`` knows them), accented ones included; `nil` for fewer than `minimumWords` such words.
    func unknownShare(of text: String, minimumWords: Int) -> Double? {
        let words = Array(Self.lowerCaseWords(in: text))
        guard words.count >= max(1, minimumWords) else { return nil }
        return Double(words.filter { !knowsAsWritten($0) }.count) / Double(words.count)
    }

    /// The words of `text` written in lower case, apostrophes straightened and trimmed.
    private static func lowerCaseWords(in text: String) -> some Sequence<String> {
        text.split(whereSeparator: { !$0.isLetter && $0 != "'" && $0 != "’" }).lazy
            .map { String($0).replacingOccurrences(of: "’", with: "'").trimmingCharacters(in: CharacterSet(charactersIn: "'")) }
            .filter { $0.first?.isLowercase == true }
    }

    /// Endings taken off a word, with what goes back on ("carving" is "carve" + "ing").
    static let endings: [(String, String)] = [
        ("'s", ""), ("s", ""), ("es", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"),
        ("ly", ""), ("er", ""), ("est", ""),
    ]

    /// The words, read once per file and process.
    final class Storage: Sendable {
        private let paths: [String]
        private let loaded: Mutex<Set<String>?>

        init(words: Set<String>) {
            paths = []
            loaded = Mutex(words)
        }

        private init(paths: [String]) {
            self.paths = paths
            loaded = Mutex(nil)
        }

        private static let files = Mutex<[[String]: Storage]>([:])

        static func shared(_ paths: [String]) -> Storage {
            files.withLock { files in
                if let known = files[paths] { return known }
                let storage = Storage(paths: paths)
                files[paths] = storage
                return storage
            }
        }

        var words: Set<String> {
            loaded.withLock { loaded in
                if let loaded { return loaded }
                var words = Set<String>(minimumCapacity: 250_000)
                for path in paths { Self.read(path, into: &words) }
                loaded = words
                return words
            }
        }

        private static func read(_ path: String, into words: inout Set<String>) {
            guard let data = FileManager.default.contents(atPath: path) else { return }
            data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
                var start = 0
                for index in 0..<raw.count where raw[index] == UInt8(ascii: "\n") {
                    if index > start {
                        words.insert(String(decoding: UnsafeRawBufferPointer(rebasing: raw[start..<index]), as: UTF8.self).lowercased())
                    }
                    start = index + 1
                }
            }
        }
    }
}
