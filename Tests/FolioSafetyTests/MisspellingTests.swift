import Testing
@testable import FolioSafety

@Suite("Misspelling")
struct MisspellingTests {
    static let readme = """
        # tidyclip

        `tidyclip` cleans up text copied to the clipboard. It copies the result back.
        Written in Rust by Ana Lindqvist; see the CHANGELOG.
        """

    @Test("a name written a letter or two off is found; the same name spelt right is not")
    func misspeltNames() {
        #expect(Misspelling.words(in: "Tidclip is a command-line tool.", against: Self.readme) == ["tidclip"])
        #expect(Misspelling.words(in: "Anna Lindquist wrote it in Rust.", against: Self.readme) == ["lindquist"])
        #expect(Misspelling.words(in: "The tidyclipp tool cleans text.", against: Self.readme) == ["tidyclipp"])
        #expect(Misspelling.words(in: "Tidyclip cleans up text copied to the clipboard.", against: Self.readme).isEmpty)
    }

    @Test("inflections, common words and new words are not misspellings")
    func notMisspellings() {
        #expect(Misspelling.words(in: "It copied the cleaned clipboards back.", against: Self.readme).isEmpty)
        #expect(Misspelling.words(in: "Their text goes there, written in Rust.", against: Self.readme + " there").isEmpty)
        #expect(Misspelling.words(in: "Tidyclip handles Unicode quotes.", against: Self.readme).isEmpty)
    }

    @Test("the distance counts a swap of neighbours as one")
    func distance() {
        #expect(Misspelling.distance(Array("tidyclip"), Array("tidclip")) == 1)
        #expect(Misspelling.distance(Array("tidyclip"), Array("tdiyclip")) == 1)
        #expect(Misspelling.distance(Array("clipboard"), Array("keyboard")) > 2)
    }
}
