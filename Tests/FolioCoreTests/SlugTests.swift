import Testing
import FolioCore

@Suite struct SlugTests {
    @Test(arguments: [
        ("The Lighthouse Keeper", "the-lighthouse-keeper"),
        ("  Café   Society!! ", "cafe-society"),
        ("../../etc/passwd", "etc-passwd"),
        ("Chapter 1: A/B\\C", "chapter-1-a-b-c"),
        ("日本語", "untitled"),
        ("", "untitled"),
    ])
    func slugIsSafeForFileSystems(title: String, expected: String) {
        #expect(Slug.make(title) == expected)
    }

    @Test func slugIsBounded() {
        let slug = Slug.make(String(repeating: "word ", count: 100))
        #expect(slug.count <= Slug.maximumLength)
        #expect(!slug.hasSuffix("-"))
    }
}
