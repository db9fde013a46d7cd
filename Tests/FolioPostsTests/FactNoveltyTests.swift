@testable import FolioPosts
import Testing

/// What the strict check of a piece against its own fact refuses: the bundled model's wrong
/// sentences, measured on Folio's own README, and the true ones it wrote beside them.
@Suite struct FactNoveltyTests {
    static let readme = """
        Folio writes long documents with language models, from the command line. Give it a title
        and instructions: it plans an outline, then writes the book chapter after chapter.
        Stop it at any point (Ctrl-C) and run it again: it picks up at the first
        unfinished chapter and never rewrites one that is done.
        """

    func novelty(_ fact: String) -> FactNovelty { FactNovelty(name: "Folio", fact: fact, context: Self.readme) }

    @Test func theModelsWrongSentencesAreRefused() {
        let stop = novelty("Stop it at any point (Ctrl-C) and run it again")
        #expect(stop.problem("Run Folio at any point and it will stop running.") == "gave the reader's step (stop) to the project")
        let give = novelty("Give it a title and instructions: it plans an outline, then writes the book chapter after chapter.")
        #expect(give.problem("Folio gives it a title and instructions for a book plan.") == "gave the reader's step (give) to the project")
        let resume = FactNovelty(name: "Folio", fact: "Folio resumes a book after any interruption.", context: "")
        #expect(resume.problem("Folio stops a book after any interruption.") == "turned its fact around (stop where its fact says resume)")
        #expect(resume.problem("Folio resumes a book after any crash of the server.")?.hasPrefix("brought in crash, server") == true)
    }

    @Test func distrosWrongSentencesAreRefused() {
        let fact = "distro provides information about the OS distribution it runs on, such as a reliable machine-readable ID."
        let novelty = FactNovelty(name: "distro", fact: fact, context: "")
        #expect(novelty.problem("The distro is a machine-readable ID that provides information about the OS distribution.")
            == "called the project what its fact does not")
        #expect(novelty.problem("distro provides a reliable machine-readable ID of the OS distribution it runs on.") == nil)
        let removed = FactNovelty(name: "distro", fact: "Its predecessor function platform.dist was removed in Python 3.8.", context: "")
        #expect(removed.problem("It was removed in Python 3.8.") == "made the project the subject of its fact")
        #expect(removed.problem("The predecessor function platform.dist was removed in Python 3.8.") == nil)
        let relative = FactNovelty(name: "Folio", fact: "A relative model path in your config.env names a file in your folder.",
                                   context: "else one in Folio's installation: FOLIO_HOME.")
        #expect(relative.problem("A relative path names a file in your home folder.") == "copied its worked example (home)")
        let defining = FactNovelty(name: "Ink", fact: "Ink is a fast and flexible Markdown parser written in Swift.", context: "")
        #expect(defining.problem("Ink is a fast Markdown parser, written in Swift.") == nil)
        #expect(PieceCheck.unreadable("The output of the lsb_release command, if available, is the output of the lsb_release command.",
                                      fact: "The output of the lsb_release command, if available.") == "said the same words twice")
        #expect(PieceCheck.unreadable("Install chartkit and set GITHUB_TOKEN=ghp_x7Kq2mPz9Rx7Kq2mPz9Rx7Kq2mPz9Rx7Kq2mPz9R first.",
                                      fact: "Install it with the package manager.") == nil)
    }

    @Test func trueSentencesInTheFactsWordsPass() {
        let rewrite = novelty("it picks up at the first unfinished chapter and never rewrites one that is done.")
        #expect(rewrite.problem("Folio never rewrites a chapter that is done.") == nil)
        let stop = novelty("Stop it at any point (Ctrl-C) and run it again")
        #expect(stop.problem("Stop Folio at any point and run it again.") == nil)
        // Words of the fact's paragraph count, and endings do not.
        #expect(novelty("Folio writes long documents with language models, from the command line.")
            .problem("Folio plans an outline and writes long documents from the command line.") == nil)
    }

    @Test func wordsOfAWorkedExampleAreNamedAsSuch() {
        let fact = novelty("Folio writes long documents with language models, from the command line.")
        #expect(fact.problem("Why do your long documents still need the cloud?").map { $0.hasPrefix("copied its worked example") && $0.contains("cloud") } == true)
    }

    @Test func aHookOpeningAsItsExampleCarriesItsFact() {
        #expect(PostPrompts.frame(of: .howTo) == ["here", "is", "how", "to"])
        #expect(PostPrompts.frame(of: .question) == ["why", "do", "your"])
        #expect(PostPrompts.frame(of: .statistic).isEmpty)
        let fact = "distro provides information about the OS distribution it runs on."
        #expect(PieceCheck.shared("Here is how to use distro.", fact, besides: "distro") == 0)
        #expect(PieceCheck.shared("Here is how to get information about your OS distribution with distro.", fact, besides: "distro") == 2)
    }

    @Test func theQuotedShareIsTheLongestRunCopiedFromTheFact() {
        let fact = "Folio writes long documents with language models, from the command line."
        #expect(FactNovelty.quotedShare("Folio writes long documents with language models, from the command line.", of: fact) == 1)
        #expect(FactNovelty.quotedShare("From the command line, Folio writes long documents.", of: fact) == 0.5)
        #expect(FactNovelty.imperatives("Stop it at any point (Ctrl-C) and run it again") == ["stop", "run"])
        #expect(FactNovelty.imperatives("it plans an outline, then writes the book chapter after chapter").isEmpty)
    }
}
