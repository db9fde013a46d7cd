import Foundation

/// Turns a post's text into what LinkedIn shows as intended: plain text (LinkedIn renders no
/// Markdown), the hook alone on the first line within 140 characters, short paragraphs with a
/// blank line between them, 3–5 CamelCase hashtags at the end, and at most 3,000 characters as
/// LinkedIn counts them (UTF-16 code units).
public struct LinkedInFormatter: Sendable {
    /// Longest post LinkedIn accepts, in UTF-16 code units.
    public var maxLength = 3000
    /// Longest first line: what shows before "…see more".
    public var hookLength = 140
    /// Paragraphs longer than this are split at sentence ends.
    public var paragraphLength = 280
    /// Hashtags added, in order, when the post has fewer than three of its own.
    public var fallbackHashtags = ["OpenSource", "SoftwareDevelopment", "Programming"]

    /// A formatter with LinkedIn's limits.
    public init() {}

    /// The formatted post.
    public struct Result: Sendable, Equatable {
        /// The text to paste.
        public var text: String
        /// The hashtags at its end, with `#`.
        public var hashtags: [String]
        /// Length before shortening (UTF-16 units) when sentences had to be dropped, else `nil`.
        public var shortenedFrom: Int?
    }

    /// `version` formatted for LinkedIn; `repoName` supplies a hashtag when the post has too few.
    public func format(_ version: PostVersion, repoName: String) -> Result {
        var (paragraphs, inlineTags) = PlainText.paragraphs(fromMarkdown: version.text)
        paragraphs = paragraphs.flatMap(splitLong)
        if let first = paragraphs.first {
            let (hook, rest) = splitHook(first)
            paragraphs[0] = hook
            if !rest.isEmpty { paragraphs.insert(rest, at: 1) }
        }
        let hashtags = Self.hashtags(version.hashtags + inlineTags, repoName: repoName, fallback: fallbackHashtags)
        let tail = "\n\n" + hashtags.joined(separator: " ")
        let body = paragraphs.joined(separator: "\n\n")
        let full = body + tail
        guard full.utf16.count > maxLength else { return Result(text: full, hashtags: hashtags, shortenedFrom: nil) }
        let budget = maxLength - tail.utf16.count
        var kept = Self.lastBoundary(in: body, within: budget, boundaries: Sentences.ends(in: body))
        if kept == body.startIndex {
            // Not even the hook's sentence fits: keep whole words.
            kept = Self.lastBoundary(in: body, within: budget, boundaries: body.indices.filter { body[$0] == " " })
        }
        let shortened = String(body[..<kept]).trimmingCharacters(in: .whitespacesAndNewlines) + tail
        return Result(text: shortened, hashtags: hashtags, shortenedFrom: full.utf16.count)
    }

    /// The last of `boundaries` (ascending) with at most `budget` UTF-16 units before it.
    static func lastBoundary(in text: String, within budget: Int, boundaries: [String.Index]) -> String.Index {
        var kept = text.startIndex
        var length = 0
        var previous = text.startIndex
        for boundary in boundaries {
            length += text.utf16.distance(from: previous, to: boundary)
            previous = boundary
            guard length <= budget else { break }
            kept = boundary
        }
        return kept
    }

    /// The hook and what follows it in the first paragraph: the first line when it is short
    /// enough, else the first sentence, else the longest run of whole words (at a clause
    /// break where there is one) that fits.
    func splitHook(_ paragraph: String) -> (String, String) {
        let lines = paragraph.split(separator: "\n", maxSplits: 1).map(String.init)
        let firstLine = lines.first ?? ""
        let afterLine = lines.count > 1 ? lines[1] : ""
        if firstLine.utf16.count <= hookLength { return (firstLine, afterLine) }
        let sentences = Sentences.split(firstLine)
        if let sentence = sentences.first, sentence.utf16.count <= hookLength {
            let rest = sentences.dropFirst().joined(separator: " ")
            return (sentence, [rest, afterLine].filter { !$0.isEmpty }.joined(separator: "\n"))
        }
        var cut = firstLine.startIndex
        var clause: String.Index?
        for index in firstLine.indices where firstLine[..<index].utf16.count <= hookLength && firstLine[index] == " " {
            cut = index
            if index > firstLine.startIndex, ",;:—".contains(firstLine[firstLine.index(before: index)]) { clause = index }
        }
        let end = clause ?? cut
        guard end > firstLine.startIndex else { return (firstLine, afterLine) }
        let rest = firstLine[end...].trimmingCharacters(in: .whitespaces)
        return (String(firstLine[..<end]), [rest, afterLine].filter { !$0.isEmpty }.joined(separator: "\n"))
    }

    private func splitLong(_ paragraph: String) -> [String] {
        guard paragraph.count > paragraphLength, !paragraph.contains("\n") else { return [paragraph] }
        var pieces: [String] = []
        var current = ""
        for sentence in Sentences.split(paragraph) {
            if !current.isEmpty, current.count + 1 + sentence.count > paragraphLength {
                pieces.append(current)
                current = sentence
            } else {
                current += current.isEmpty ? sentence : " " + sentence
            }
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces
    }

    /// 3–5 distinct CamelCase hashtags: the post's own, then the repository's name, then the
    /// fallbacks.
    static func hashtags(_ given: [String], repoName: String, fallback: [String]) -> [String] {
        var seen = Set<String>()
        var tags: [String] = []
        func add(_ raw: String) {
            let tag = camelCase(raw)
            guard !tag.isEmpty, tags.count < 5, seen.insert(tag.lowercased()).inserted else { return }
            tags.append("#" + tag)
        }
        given.forEach(add)
        if tags.count < 3 { add(repoName) }
        for tag in fallback where tags.count < 3 { add(tag) }
        return tags
    }

    /// `swift-nio` → `SwiftNio`, `#machine learning` → `MachineLearning`; letters and digits only.
    static func camelCase(_ raw: String) -> String {
        raw.split { !($0.isLetter || $0.isNumber) }
            .map { $0.prefix(1).uppercased() + $0.dropFirst() }
            .joined()
    }
}
