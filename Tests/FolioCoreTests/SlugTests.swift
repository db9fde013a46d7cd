import Testing
import FolioCore

@Suite struct SlugTests {
    @Test(arguments: [
        ("The Lighthouse Keeper", "the-lighthouse-keeper"),
        ("  Café   Society!! ", "cafe-society"),
        ("../../etc/passwd", "etc-passwd"),
        ("Chapter 1: A/B\\C", "chapter-1-a-b-c"),
        ("日本語", "ri-ben-yu"),
        ("海的女儿", "hai-de-nu-er"),
        ("小王子", "xiao-wang-zi"),
        ("Война и мир", "vojna-i-mir"),
        ("الأمير الصغير", "alamyr-alsghyr"),
        ("Straße", "strasse"),
        ("", "untitled"),
    ])
    func slugIsSafeForFileSystems(title: String, expected: String) {
        #expect(Slug.make(title) == expected)
    }

    @Test func titleWithNoLetterGetsAStableFolderOfItsOwn() {
        let smile = Slug.make("🙂🙂")
        #expect(smile.hasPrefix("book-"))
        #expect(smile.count == "book-".count + 12)
        #expect(Slug.make("🙂🙂") == smile)
        #expect(Slug.make("🌊") != smile)
        #expect(Slug.problem(withFolderName: smile) == nil)
    }

    @Test(arguments: ["my-book", "Book_2.draft", "x"])
    func safeFolderNamesAreAccepted(name: String) {
        #expect(Slug.problem(withFolderName: name) == nil)
    }

    @Test(arguments: ["", ".", "..", ".hidden", "a/b", "../up", "海", "with space", String(repeating: "a", count: 81)])
    func unsafeFolderNamesAreRefused(name: String) {
        #expect(Slug.problem(withFolderName: name) != nil)
    }

    @Test func slugIsBounded() {
        let slug = Slug.make(String(repeating: "word ", count: 100))
        #expect(slug.count <= Slug.maximumLength)
        #expect(!slug.hasSuffix("-"))
    }
}
