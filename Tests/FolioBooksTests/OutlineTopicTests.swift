import Testing
import FolioRetrieval
@testable import FolioBooks
import FolioTesting

/// The outline's topic check with sentence vectors, with the real MiniLM model.
@Suite struct OutlineTopicTests {
    static let instructions = "A friendly guide for teenagers on earning, budgeting and saving their first thousand dollars."

    @Test func anEntryAboutTheBookInOtherWordsIsOnTopicAndOneFarOffIsNot() throws {
        guard let encoder = try? MiniLMEmbedder(directory: MiniLMReference.modelDirectory) else {
            print("skipped: the MiniLM model is not in models/all-MiniLM-L6-v2")
            return
        }
        var review = OutlineReview()
        review.checksTopic = true
        // Drawn by the bundled model for the benchmark's savings guide: no word stem shared with it.
        let money = OutlineEntry(number: 2, title: "Money and Money",
                                 summary: "MONEY is not just money in your pocket; it's how you make ends meet on the streets.")
        let sourCream = OutlineEntry(number: 2, title: "The Art of Sour Cream",
                                     summary: "To make sour cream with lemon butter, start by making a poundage of sour cheese.")
        let title = "Saving Your First Thousand"
        for entry in [money, sourCream] {
            #expect(review.isOffTopic(entry, bookTitle: title, instructions: Self.instructions), "by stems alone: \(entry.title)")
        }
        review.encoder = encoder
        #expect(!review.isOffTopic(money, bookTitle: title, instructions: Self.instructions))
        #expect(review.isOffTopic(sourCream, bookTitle: title, instructions: Self.instructions))
    }
}
