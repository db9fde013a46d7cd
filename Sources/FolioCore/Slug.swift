import Foundation

/// Turns a title into a name that is safe on every file system.
public enum Slug {
    /// The longest slug produced, in characters.
    public static let maximumLength = 80

    /// ICU's transliteration of any script to Latin letters, then to plain ASCII
    /// (`海的女儿` → `hai de nu er`, `Война и мир` → `Vojna i mir`, `Straße` → `Strasse`).
    private static let toASCII = StringTransform("Any-Latin; Latin-ASCII")

    /// A lowercase ASCII slug of `title`: letters and digits joined by single hyphens.
    ///
    /// Other scripts are transliterated and accents folded (`Café` → `cafe`, `小王子` →
    /// `xiao-wang-zi`). A title that still gives no letter or digit (emoji only) gets a
    /// stable name from its hash (`book-` and 12 hex digits), so two such titles do not share
    /// a folder; an empty title gives `untitled`.
    public static func make(_ title: String) -> String {
        let trimmed = title.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return "untitled" }
        let latin = trimmed.applyingTransform(toASCII, reverse: false) ?? trimmed
        let folded = latin.folding(options: [.diacriticInsensitive, .caseInsensitive],
                                   locale: Locale(identifier: "en_US_POSIX"))
        let slug = hyphenated(folded)
        // Stable across runs and machines (unlike `Hasher`, seeded per process).
        return slug.isEmpty ? "book-" + ContentHash.of(trimmed).prefix(12) : slug
    }

    /// Checks a folder name chosen by the user (`--slug`): ASCII letters, digits, `-`, `_`
    /// and `.`, not starting with `.`, at most ``maximumLength`` characters.
    ///
    /// - Returns: a one-line reason when the name is not safe, else `nil`.
    public static func problem(withFolderName name: String) -> String? {
        if name.isEmpty { return "must not be empty" }
        if name.count > maximumLength { return "must be at most \(maximumLength) characters" }
        if name.hasPrefix(".") { return "must not start with '.'" }
        let allowed = name.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "-_.".unicodeScalars.contains(scalar))
        }
        return allowed ? nil : "may hold only ASCII letters, digits, '-', '_' and '.'"
    }

    /// Keeps ASCII letters and digits, joining runs of them with single hyphens.
    private static func hyphenated(_ text: String) -> String {
        var slug = ""
        var pendingHyphen = false
        for scalar in text.unicodeScalars {
            if scalar.isASCII && CharacterSet.alphanumerics.contains(scalar) {
                if pendingHyphen && !slug.isEmpty { slug.append("-") }
                slug.unicodeScalars.append(scalar)
                pendingHyphen = false
            } else {
                pendingHyphen = true
            }
            if slug.count >= maximumLength { break }
        }
        slug = String(slug.prefix(maximumLength))
        while slug.hasSuffix("-") { slug.removeLast() }
        return slug.lowercased()
    }
}
