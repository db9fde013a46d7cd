import Foundation

/// Helpers for writing Markdown that reads back as the text it was given.
enum MarkdownText {
    /// `text` with every character Markdown could read as markup backslash-escaped.
    static func escape(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.count + 8)
        for character in text {
            if specials.contains(character) { output.append("\\") }
            output.append(character)
        }
        return output
    }

    private static let specials: Set<Character> = ["\\", "`", "*", "_", "[", "]", "<", ">", "&", "#", "!", "|", "~"]

    /// Every ATX heading outside fenced code moved down `shift` levels, to at least `minimum`
    /// and at most `maximum`.
    static func shiftingHeadings(_ markdown: String, by shift: Int, minimum: Int = 1, maximum: Int = 6) -> String {
        var inFence = false
        return markdown.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let trimmed = line.drop { $0 == " " }
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") { inFence.toggle() }
            guard !inFence, let level = headingLevel(trimmed) else { return String(line) }
            let newLevel = min(max(level + shift, minimum), maximum)
            return String(repeating: "#", count: newLevel) + trimmed.dropFirst(level)
        }.joined(separator: "\n")
    }

    /// The level of an ATX heading line (`## Title` is 2), or `nil`.
    static func headingLevel(_ line: Substring) -> Int? {
        let hashes = line.prefix { $0 == "#" }.count
        guard (1...6).contains(hashes) else { return nil }
        let rest = line.dropFirst(hashes)
        return rest.isEmpty || rest.first == " " ? hashes : nil
    }

    /// The text of a heading line without its `#`s and closing hashes.
    static func headingText(_ line: Substring) -> String {
        var text = line.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces)
        while text.hasSuffix("#") { text.removeLast() }
        return text.trimmingCharacters(in: .whitespaces)
    }
}

/// Heading identifiers as GitHub and pandoc's `gfm` make them, so a table of contents' links
/// land on their chapters in either.
struct HeadingAnchors {
    private var used: [String: Int] = [:]

    /// The identifier of the next heading whose rendered text is `text`.
    mutating func anchor(for text: String) -> String {
        let base = Self.slug(text)
        if let count = used[base] {
            used[base] = count + 1
            let candidate = "\(base)-\(count)"
            used[candidate] = 1
            return candidate
        }
        used[base] = 1
        return base
    }

    /// Lowercased, punctuation and symbols removed (but `-` and `_`), spaces to `-`.
    static func slug(_ text: String) -> String {
        var output = ""
        for scalar in text.lowercased().unicodeScalars {
            let properties = scalar.properties
            if scalar == " " {
                output += "-"
            } else if scalar == "-" || scalar == "_" || properties.isAlphabetic || properties.numericType != nil
                        || properties.generalCategory == .nonspacingMark
                        || properties.generalCategory == .spacingMark {
                output.unicodeScalars.append(scalar)
            }
        }
        return output
    }

    /// The rendered text of a Markdown heading: backslash escapes and emphasis markers removed.
    static func renderedText(_ markdown: String) -> String {
        var output = ""
        var escaped = false
        for character in markdown {
            if escaped { output.append(character); escaped = false; continue }
            switch character {
            case "\\": escaped = true
            case "*", "_", "`": continue
            default: output.append(character)
            }
        }
        return output
    }
}
