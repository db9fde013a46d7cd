import Testing
@testable import FolioBooks

@Suite struct StreamingTrimmerTests {
    @Test(arguments: [
        ["\n\n  Hello", " world", ".\n\n"],
        ["  ", "\n", "Hello world.", "   ", "\n"],
        ["Hello", " ", "world", ".", " \n "],
    ])
    func emittedPiecesConcatenateToTheTrimmedWhole(pieces: [String]) {
        var trimmer = StreamingTrimmer()
        let shown = pieces.map { trimmer.feed($0) }.joined()
        #expect(shown == "Hello world.")
    }

    @Test func innerWhitespaceIsKeptExactly() {
        var trimmer = StreamingTrimmer()
        let shown = ["One.", "\n\n", "  Two", "\t\n"].map { trimmer.feed($0) }.joined()
        #expect(shown == "One.\n\n  Two")
    }

    @Test func continuationAfterFullStopGetsASpace() {
        #expect(ChapterWriter.join("It ended.", "Then") == " Then")
        #expect(ChapterWriter.join("It end", "ed.") == "ed.")
        #expect(ChapterWriter.join("It ended.", " Then") == " Then")
        #expect(ChapterWriter.join("your life has only seemed", "As I stood") == " As I stood")
    }
}
