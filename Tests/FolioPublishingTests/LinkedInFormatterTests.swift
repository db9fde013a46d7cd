import FolioPublishing
import Foundation
import Testing

/// LinkedIn text: plain, hook first within 140 characters, at most 3,000 UTF-16 units, 3–5
/// CamelCase hashtags at the end, shortened only at sentence ends.
@Suite struct LinkedInFormatterTests {
    static func version(_ text: String, hashtags: [String] = ["swift", "developer tools", "OpenSource"]) -> PostVersion {
        PostVersion(version: 1, text: text, hookType: "question", hashtags: hashtags, createdAt: "2026-12-02T09:00:00Z")
    }

    static func isCamelCaseHashtag(_ tag: Substring) -> Bool {
        tag.hasPrefix("#") && tag.count > 1 && tag.dropFirst().allSatisfy { $0.isLetter || $0.isNumber }
            && (tag.dropFirst().first?.isUppercase ?? false || tag.dropFirst().first?.isNumber ?? false)
    }

    @Test func markdownBecomesPlainTextWithTheHookFirst() {
        let text = """
            ## Ever lost a *whole* chapter to a crash?

            **Folio** keeps every finished chapter on disk, written atomically. Run it again and it resumes.

            - `folio generate` streams each chapter
            - Ctrl-C keeps what is done
            1. one
            > Read more at [the docs](https://example.org/docs).

            #swift #cli
            """
        let result = LinkedInFormatter().format(Self.version(text), repoName: "folio")
        let lines = result.text.components(separatedBy: "\n")
        #expect(lines[0] == "Ever lost a whole chapter to a crash?")
        #expect(!result.text.contains("**") && !result.text.contains("`") && !result.text.contains("##"))
        #expect(!result.text.contains("*whole*") && !result.text.contains("> "))
        #expect(result.text.contains("\n• folio generate streams each chapter\n• Ctrl-C keeps what is done\n1. one\n"))
        #expect(result.text.contains("Read more at the docs (https://example.org/docs)."))
        #expect(!result.text.contains("\n\n\n"))
        #expect(result.text.contains("Folio keeps every finished chapter on disk, written atomically. Run it again and it resumes.\n\n"))
        // The post's own trailing hashtag line joins the given hashtags at the end, once.
        #expect(result.hashtags == ["#Swift", "#DeveloperTools", "#OpenSource", "#Cli"])
        #expect(lines.last == "#Swift #DeveloperTools #OpenSource #Cli")
        #expect(result.shortenedFrom == nil)
    }

    @Test func aLongFirstSentenceIsBrokenSoTheHookFitsIn140Characters() {
        let long = "When you write a three hundred page novel with a small local model on a laptop that has only two cores and no GPU, every single minute of generation counts, and losing work hurts. Folio fixes that."
        let result = LinkedInFormatter().format(Self.version(long), repoName: "folio")
        let hook = result.text.components(separatedBy: "\n")[0]
        #expect(hook.utf16.count <= 140)
        #expect(hook.hasPrefix("When you write"))
        #expect(long.hasPrefix(hook), "the hook is the post's own opening words")
        #expect(hook.last != " ")
        let restStart = long.index(long.startIndex, offsetBy: hook.count)
        #expect(long[restStart] == " " || long[long.index(before: restStart)] == ",", "cut at a word or clause boundary")
        #expect(result.text.contains("Folio fixes that."))

        let short = "Short hook? Yes. Then a second sentence on the same line."
        let split = LinkedInFormatter().format(Self.version(short), repoName: "folio")
        #expect(split.text.hasPrefix("Short hook? Yes. Then a second sentence on the same line.\n\n"))
    }

    @Test func aPostTooLongIsCutAtASentenceEndWithinThreeThousandUTF16Units() {
        // Emoji take two UTF-16 units each: LinkedIn counts them so.
        let sentence = "Folio streams 🌊 chapters and keeps each one safe 📚 even when the model stops."
        let text = "Why one more writing tool? 🤔\n\n" + (0..<80).map { _ in sentence }.joined(separator: " ")
        let result = LinkedInFormatter().format(Self.version(text), repoName: "folio")
        #expect(result.text.utf16.count <= 3000)
        #expect(result.text.utf16.count > 2800, "only what does not fit is dropped")
        #expect((result.shortenedFrom ?? 0) > 3000)
        let body = result.text.components(separatedBy: "\n\n").dropLast().joined(separator: "\n\n")
        #expect(body.hasSuffix("even when the model stops."), "cut at a sentence end, never mid-word")
        let hashtagLine = result.text.components(separatedBy: "\n").last ?? ""
        #expect(hashtagLine == "#Swift #DeveloperTools #OpenSource")
    }

    @Test func threeToFiveCamelCaseHashtagsAlways() {
        let none = LinkedInFormatter().format(Self.version("A post.", hashtags: []), repoName: "swift-nio")
        #expect(none.hashtags == ["#SwiftNio", "#OpenSource", "#SoftwareDevelopment"])
        let many = LinkedInFormatter().format(
            Self.version("A post.", hashtags: ["#a1", "b-two", "c three", "#DD", "e", "f", "g"]), repoName: "x")
        #expect(many.hashtags.count == 5)
        let duplicate = LinkedInFormatter().format(
            Self.version("A post.", hashtags: ["swift", "#Swift", "SWIFT"]), repoName: "folio")
        #expect(duplicate.hashtags == ["#Swift", "#Folio", "#OpenSource"])
        for result in [none, many, duplicate] {
            let last = result.text.components(separatedBy: "\n").last ?? ""
            let tags = last.split(separator: " ")
            #expect((3...5).contains(tags.count))
            #expect(tags.allSatisfy(Self.isCamelCaseHashtag), "\(tags)")
        }
    }
}
