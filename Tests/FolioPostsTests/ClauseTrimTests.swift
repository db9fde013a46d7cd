@testable import FolioPosts
import Testing

/// Body sentences made by leaving a fact's clauses out: the grammar the bundled server is held
/// to, and the same rule checked in code for tiers that take no grammar.
@Suite struct ClauseTrimTests {
    static let fact = "An alternative implementation became necessary because Python 3.5 deprecated this function, "
        + "and Python 3.8 removed it altogether."

    @Test func clausesAreCutAtPunctuationOutsideParentheses() {
        let trim = ClauseTrim(fact: "It indexes passages (MiniLM embeddings, FAISS), caches answers: in memory; or on disk.", name: "Folio")
        #expect(trim.clauses == ["It indexes passages", " (MiniLM embeddings, FAISS)", ", caches answers", ": in memory", "; or on disk"])
        #expect(ClauseTrim(fact: "responses are cached in memory, on disk or in Redis.", name: "Folio").clauses
            == ["Responses are cached in memory", ", on disk or in Redis"])
    }

    @Test func onlyTheFirstClauseAndLaterOnesInOrderAreAccepted() {
        let trim = ClauseTrim(fact: Self.fact, name: "distro")
        #expect(trim.accepts("An alternative implementation became necessary because Python 3.5 deprecated this function."))
        #expect(trim.accepts(Self.fact))
        // Words recombined, or a clause alone without the first: what the 135M model wrote when free.
        #expect(!trim.accepts("Python 3.8 removed the deprecated Python 3.5."))
        #expect(!trim.accepts("And Python 3.8 removed it altogether."))
        #expect(!trim.accepts("An alternative implementation became necessary because Python 3.5 deprecated Python 3.8."))
    }

    @Test func aLeadingPronounMayBecomeTheProjectsName() {
        let trim = ClauseTrim(fact: "It is the recommended replacement for platform.linux_distribution (removed in Python 3.8).", name: "distro")
        #expect(trim.accepts("distro is the recommended replacement for platform.linux_distribution."))
        #expect(trim.accepts("It is the recommended replacement for platform.linux_distribution (removed in Python 3.8)."))
        #expect(!trim.accepts("Folio is the recommended replacement for platform.linux_distribution."))
        #expect(trim.grammar == #"root ::= ("It " | "distro ") "is the recommended replacement for platform.linux_distribution" (" (removed in Python 3.8)")? ".""#)
    }

    @Test func grammarLiteralsEscapeQuotesAndBackslashes() {
        #expect(ClauseTrim.literal(#"say "hi" \ bye"#) == #""say \"hi\" \\ bye""#)
    }
}

extension ClauseTrimTests {
    @Test func factsThatLeanOnTheSentenceBeforeAreNotFacts() {
        #expect(PostWriter.leansOnContext("FolioBench book-guards does the same with a provider that loops on purpose."))
        #expect(PostWriter.leansOnContext("These are cached per commit, so a second run takes seconds."))
        #expect(PostWriter.leansOnContext("Otherwise the whole folder is embedded up front."))
        #expect(PostWriter.leansOnContext("Still, there are many cases in which access to that information is needed."))
        #expect(PostWriter.leansOnContext("Python 3.5 deprecated this function, and Python 3.8 removed it altogether."))
        #expect(!PostWriter.leansOnContext("This package provides a reliable machine-readable ID of the Linux distribution."))
        #expect(!PostWriter.leansOnContext("It picks up at the first unfinished chapter and never rewrites one that is done."))
    }
}

extension ClauseTrimTests {
    @Test func aListItemWithoutAVerbIsNoFactButAnInstructionIs() {
        #expect(!PostWriter.hasVerb("The output of the lsb_release command, if available."))
        #expect(PostWriter.hasVerb("Stop it at any point (Ctrl-C) and run it again."))
        #expect(PostWriter.hasVerb("distro provides information about the OS distribution it runs on."))
        #expect(PostWriter.hasVerb("Responses are cached in memory, on disk or in Redis."))
    }

    @Test func aLowerCaseProjectNameKeepsItsSpelling() {
        #expect(ClauseTrim(fact: "distro is tested on Python 3.6+ and PyPy.", name: "distro").clauses == ["distro is tested on Python 3.6+ and PyPy"])
    }
}
