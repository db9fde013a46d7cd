@testable import FolioPosts
import FolioPublishing
import Testing

/// What the code refuses in a piece a model wrote for a post, and what it keeps.
@Suite struct PieceCheckTests {
    let fact = "chartkit turns CSV files into charts from the command line."
    var check: PieceCheck {
        PieceCheck(name: "chartkit", sources: [fact, "Every chart of chartkit is written as a standalone SVG file next to its data."])
    }

    func problem(_ line: String) -> String? { check.problem(line, fact: fact, words: 5...40, loose: 1) }

    @Test func aSentenceOfItsOwnFromTheFactIsKept() {
        #expect(problem("With chartkit, your CSV files become charts right from the command line.") == nil)
        #expect(problem("Running chartkit turns files into charts.") == nil)  // "running" is a form of "run"
    }

    @Test func inventionsAreRefused() {
        #expect(problem("chartkit turns 40 CSV files into charts from the command line.")?.contains("number 40") == true)
        #expect(problem("With chartkit and Excel, CSV files become charts.")?.contains("named Excel") == true)
        #expect(problem("chartkit is a cloud company that sells CSV charts.")?.contains("which the sources do not") == true)
        #expect(problem("chartkit is a powerful way to turn CSV files into charts.") == "used vague words")
    }

    @Test func copiesAndEchoesAreRefused() {
        #expect(problem("chartkit turns CSV files into charts from the command line.") == "copied its fact word for word")
        #expect(problem("Fact about chartkit: it turns CSV files into charts.") == "gave back its prompt")
        #expect(problem("Tidewater keeps the calendars on your phone and laptop in sync.") != nil)
        #expect(problem("Charts.")?.hasPrefix("wrote 1 words") == true)
    }

    @Test func sentencesThatDoNotReadAsEnglishAreRefused() {
        // The bundled model's own sentences, each made of the sources' words.
        #expect(problem("chartkit is not a way to turn CSV files into charts.") == "negated what its fact says")
        #expect(problem("chartkit turns your CSV files into charts from the.") == "left its sentence unfinished")
        #expect(problem("chartkit turns CSV CSV files into charts.") == "said a word twice in a row")
        #expect(PieceCheck.unreadable("The result is not a model or written anything.",
                                      fact: "The result is a post written by the model.") == "negated what its fact says")
        #expect(PieceCheck.unreadable("distro tells you about the OS distribution it runs on.",
                                      fact: "distro provides information about the OS distribution it runs on.") == nil)
        // A negation its fact makes too is the fact's own.
        #expect(PieceCheck.unreadable("Nothing leaves your machine: chartkit works offline.",
                                      fact: "chartkit sends nothing over the network.") == nil)
    }

    @Test func longFactsAreCutIntoClausesWithTheirLines() {
        let long = PostFact(text: "Give it a title and the instructions for the whole book: it plans an outline, then writes the book chapter after chapter; it saves everything under one folder of your choice.",
                            file: "README.md", firstLine: 3, lastLine: 5, kind: "readme")
        let clauses = PostWriter.clauses(long)
        #expect(clauses.count == 3)
        #expect(clauses.allSatisfy { long.text.contains($0.text) && $0.firstLine == 3 && $0.lastLine == 5 })
    }

    @Test func theProjectIsNamedAsItsSourcesNameIt() {
        // Ink's README names it "Ink"; its address has it in lower case, which is no spelling of prose.
        let ink = ProjectName("Ink", sources: ["Welcome to Ink, a fast and flexible Markdown parser written in Swift.",
                                               "Clone https://github.com/johnsundell/ink and open Ink.swift."])
        #expect(ink.misspelling(in: "What's the best way to use the ink?") == "ink")
        #expect(ink.spelledAsTheSources("What's the best way to use the ink?") == "What's the best way to use Ink?")
        #expect(ink.misspelling(in: "Ink parses Markdown fast.") == nil)
        #expect(ink.spelledAsTheSources("Ink's parser is fast, and Ink is small.") == "Ink's parser is fast, and Ink is small.")
        let system = ProjectName("swift-system", sources: ["Swift System provides idiomatic interfaces to system calls.",
                                                           "Add swift-system to your package."])
        // The sources' most frequent spelling, the name as the repository gives it counted too.
        #expect(system.spelledAsTheSources("In what ways do you use the Swift system?") == "In what ways do you use swift-system?")
        // A fact naming the project in any spelling ranks as naming it; a longer word does not name it.
        #expect(ProjectName("swift-collections", sources: []).isNamed(in: "Swift Collections is an open-source package."))
        #expect(!ProjectName("Folio", sources: []).isNamed(in: "FolioBench book-guards does the same."))
        // Refused by the check too, should a piece reach it so written.
        let check = PieceCheck(name: "swift-system", sources: ["Swift System provides idiomatic interfaces to system calls."])
        #expect(check.problem("With Swift-System, system calls get idiomatic interfaces.",
                              fact: "Swift System provides idiomatic interfaces to system calls.", words: 5...40, loose: 1)
                == "wrote the project's name as \"Swift-System\"")
    }

    @Test func aStoryHooksTurnIsTakenWithoutItsMarkdown() throws {
        let changelog = RepositorySource(kind: .changelog, path: "CHANGELOG.md",
                                         text: "The [demo app](Documentation/DemoApps/) was rewritten from scratch in a brand new Xcode 16 project.\n")
        let snapshot = RepositorySnapshot(location: .folder("/tmp/kit"), root: "/tmp/kit", name: "kit", commit: "0", tracked: true,
                                          manifest: nil, sources: [changelog], skipped: [:], files: 1, topics: [])
        let material = HookMaterial(snapshot: snapshot, evidence: [])
        #expect(material.turn == "The demo app was rewritten from scratch in a brand new Xcode 16 project.")
    }
}

