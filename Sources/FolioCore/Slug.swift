import Foundation

/// Turns a title into a name that is safe on every file system.
public enum Slug {
    /// The longest slug produced, in characters.
    public static let maximumLength = 80

    /// A lowercase ASCII slug of `title`: letters and digits joined by single hyphens.
    ///
    /// Accents are folded (`Café` → `cafe`); a title with no usable character gives `untitled`.
    public static func make(_ title: String) -> String {
        let folded = title.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "en_US_POSIX"))
        var slug = ""
        var pendingHyphen = false
        for scalar in folded.unicodeScalars {
            let isAlphanumeric = scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar))
            if isAlphanumeric {
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
        return slug.isEmpty ? "untitled" : slug.lowercased()
    }
}
