@testable import FolioBooks
import FolioTesting
import Foundation
import Testing

/// Made-up words in a plan, against a list of the language's words.
@Suite struct WordListTests {
    @Test func aWordTheListKnowsWithACommonEndingIsKnownAndANameIsNotJudged() {
        let list = WordList(words: ["lighthouse", "drift", "carve", "keeper", "sand", "the", "on", "lying", "his"])
        #expect(list.knows("lighthouses"))
        #expect(list.knows("drifted"))
        #expect(list.knows("carving"))
        #expect(list.knows("keeper's"))
        #expect(!list.knows("lashle"))
        // Endings as English puts them: "es" after a hiss or an o, none after a contraction.
        let endings = WordList(words: ["flick", "watch", "hero", "he'll", "box"])
        #expect(endings.knows("watches") && endings.knows("heroes") && endings.knows("boxes") && endings.knows("flicks"))
        #expect(!endings.knows("flickes"), "a quick start's made-up word")
        #expect(!endings.knows("he'lled"))
        #expect(list.inventedWord(in: "The keeper's lashle lying on the sand.") == "lashle")
        #expect(list.inventedWord(in: "Mara Vell's lighthouse, on the sand.") == nil, "names are capitalised")
    }

    @Test func aSummaryWithAMadeUpWordIsALesserFault() {
        var review = OutlineReview()
        review.vocabulary = WordList(words: ["a", "sailor's", "ghost", "walks", "the", "lighthouses", "of", "sea", "but"])
        // A quick-start plan, verbatim.
        let entry = OutlineEntry(number: 2, title: "The Lamplighter",
                                 summary: "A sailor's ghost walks the lighthouses of the sea, but ladda iti cha chatu lele!")
        let reason = review.problem(entry, earlier: [], bookTitle: "The Lighthouse Keeper")
        #expect(reason == "summary has a made-up word (\"ladda\")")
        #expect(review.fault(entry, reason: reason, earlier: []) == .lesser)
    }

    @Test("Debian's large English lists: the quick starts' made-up words, and none of their rare real ones or British spellings")
    func theSystemList() throws {
        guard let list = WordList(paths: WordList.systemPaths) else {
            print("skipped: no word list at \(WordList.systemPaths.joined(separator: " or ")) (scripts/setup installs wamerican-large and wbritish-large)")
            return
        }
        // Plan summaries of this work's quick starts, verbatim.
        #expect(list.inventedWord(in: "If a lighthouse keeper can see into the depths of the ocean and know that he cannot "
                                      + "see himself out there with his lashle lying on the sand, does he?") == "lashle")
        // Read as chapters are, two known words run together, or "un" before one, pass: "lighthale", "unshocking".
        for summary in ["A lighthouse keeper on a remote island finds a message from the lighthale man who was walking down the beach.",
                        "A man with an unshocking smile and a tongue that could talk to any mortal."] {
            #expect(list.inventedWord(in: summary) == nil, "\(summary)")
        }
        let real = [
            "A shipwreck has left a treasure trove on the island's doorstep.",
            "A lone outlier on the island of Maelath with a tale of honor.",
            "A lamplighter, a lighthouse keeper, finds a message in a bottle on the island of Santa Monica.",
            "Pick each tomato when it is fully red, and save seeds from the best plant for next spring.",
            "Knead the dough until it is smooth, then let it rise in a warm kitchen while you budget your savings.",
            // A CLI test's chapter, in British spelling.
            "Gulls wheeled over the harbour wall while the tide crept up the shingle, and the grey sea took its colour from the sky.",
        ]
        for summary in real { #expect(list.inventedWord(in: summary) == nil, "\(summary)") }
        #expect(list.inventedWord(in: "It is a way of getting rid of problems with problemals.") == "problemals")
        #expect(list.inventedWord(in: "The clockface stopped while he was lookin' for the lanternlight.") == nil)
        // A plan reads its words as a chapter does: a compound of two words is one.
        var review = OutlineReview()
        review.vocabulary = list
        let step = OutlineEntry(number: 2, title: "The Storm", summary: "A storm breaks over the cliffside cottage at lightspeed.")
        #expect(review.problem(step, earlier: [], bookTitle: "The Lighthouse Keeper") == nil)
        let madeUpStep = OutlineEntry(number: 2, title: "The Storm", summary: "The keeper's lashle lies on the sand.")
        #expect(review.problem(madeUpStep, earlier: [], bookTitle: "The Lighthouse Keeper") == "summary has a made-up word (\"lashle\")")
    }
}
