@testable import FolioContext
import Testing

@Suite struct SentenceTruncatorTests {
    /// Cost = characters, so limits are easy to reason about.
    let characters: (String) -> Int = { $0.count }
    let text = "First one. Second, longer sentence! Third? “Quoted fourth.” Fifth ends here."

    @Test func keepsWholeSentencesFromTheStart() {
        #expect(SentenceTruncator.truncate(text, keep: .head, limit: 40, cost: characters) == "First one. Second, longer sentence!")
        #expect(SentenceTruncator.truncate(text, keep: .head, limit: 10, cost: characters) == "First one.")
        #expect(SentenceTruncator.truncate(text, keep: .head, limit: 1000, cost: characters) == text)
    }

    @Test func keepsWholeSentencesFromTheEnd() {
        #expect(SentenceTruncator.truncate(text, keep: .tail, limit: 39, cost: characters) == "“Quoted fourth.” Fifth ends here.")
    }

    @Test func fallsBackToWholeWordsNeverMidWord() {
        let long = "Onewordafteranother and then some more words without any full stop at all"
        let head = SentenceTruncator.truncate(long, keep: .head, limit: 30, cost: characters)
        #expect(head == "Onewordafteranother and then")
        let tail = SentenceTruncator.truncate(long, keep: .tail, limit: 19, cost: characters)
        #expect(tail == "full stop at all")
        #expect(SentenceTruncator.truncate("Unbreakable", keep: .head, limit: 5, cost: characters) == nil)
    }

    @Test func paragraphBreaksAndCJKEndSentences() {
        let paragraphs = "A heading without a stop\n\nThen the body. More."
        #expect(SentenceTruncator.truncate(paragraphs, keep: .head, limit: 30, cost: characters) == "A heading without a stop")
        let cjk = "雨が降った。 彼女は歩いた。 終わり。"
        #expect(SentenceTruncator.truncate(cjk, keep: .head, limit: 14, cost: characters) == "雨が降った。 彼女は歩いた。")
    }

    @Test func abbreviationsLikeDecimalsDoNotSplit() {
        let decimals = "It cost 3.50 dollars in total. Then more."
        #expect(SentenceTruncator.truncate(decimals, keep: .head, limit: 35, cost: characters) == "It cost 3.50 dollars in total.")
    }
}
