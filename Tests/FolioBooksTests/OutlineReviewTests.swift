import Testing
@testable import FolioBooks

@Suite struct OutlineReviewTests {
    let review = OutlineReview()

    func outline(_ entries: [(String, String)], summary: String = "Mara, a lighthouse keeper, finds a bottle and follows its message.")
        -> Outline {
        Outline(summary: summary, chapters: entries.enumerated().map {
            OutlineEntry(number: $0.offset + 1, title: $0.element.0, summary: $0.element.1)
        })
    }

    @Test func aDistinctOutlineHasNoProblems() {
        let good = outline([
            ("The Storm", "A storm drives a fishing boat onto the rocks below the lighthouse."),
            ("The Bottle", "Mara finds a green bottle with a letter inside on the beach."),
            ("The Letter's Author", "She tracks the writer to a village across the bay."),
        ])
        #expect(review.problems(good, bookTitle: "The Lighthouse Keeper").isEmpty)
    }

    @Test func theWorkedExamplesHeroineInAnotherBookIsAProblemButNotInHerOwn() {
        let borrowed = OutlineEntry(number: 2, title: "The island's old lighthouse keeper",
                                    summary: "The story begins with a bottle, a message from the keeper, and Vixen's journey as the keeper.")
        let reason = review.problem(borrowed, earlier: [], bookTitle: "The Lighthouse Keeper",
                                    instructions: "A short novel about a lighthouse keeper who finds a message in a bottle.")
        #expect(reason == "takes Vixen from the worked example into this book")
        #expect(review.fault(borrowed, reason: reason, earlier: []) == .lesser)
        #expect(review.problem(borrowed, earlier: [], bookTitle: "Vixen and the Lighthouse") == nil)
    }

    @Test func anEntryCopyingTheWorkedExampleIsRejectedAndRanksWithRepeats() {
        let copied = OutlineEntry(number: 1, title: "The Moth at Dusk", summary: "The Moth at Dusk")
        let reason = review.problem(copied, earlier: [], bookTitle: "The Lighthouse Keeper")
        #expect(reason?.contains("worked example") == true)
        #expect(review.fault(copied, reason: reason, earlier: []) == .repeated)
        let own = OutlineEntry(number: 1, title: "Night Watch", summary: "Mara watches a ship vanish in the fog off the cape.")
        #expect(!review.copiesExample(own))
    }

    @Test func aBlurbIsNoChaptersSummary() {
        // A quick-start plan, verbatim.
        let blurb = OutlineEntry(number: 1, title: "The Lost City of Eldaroth",
            summary: "The Lost City of Eldaroth by Kierkea Skalkström is the story of a small island lost to the sands of time.")
        #expect(review.problem(blurb, earlier: [], bookTitle: "The Lighthouse Keeper")?
            .contains("describes the book instead of what happens") == true)
        let scene = OutlineEntry(number: 1, title: "The Storyteller", summary: "Mara tells the old story of the wreck to the children.")
        #expect(review.problem(scene, earlier: [], bookTitle: "The Lighthouse Keeper") == nil)
        // A title and its author, from another quick start.
        let authored = OutlineEntry(number: 1, title: "Eleanor the Lion", summary: "The Lion's Last Stand at the Edge of the World "
            + "by Eleanor O'Brian Letham is set on the island of the Lioness Elyria.")
        #expect(review.problem(authored, earlier: [], bookTitle: "The Lighthouse Keeper")?
            .contains("describes the book instead of what happens") == true)
        for summary in ["Captain Vell is taken by Mara Blackwood's crew at dawn.", "Mara Vell by the sea finds a green bottle.",
                        "The Keeper stands by Mara as the storm breaks."] {
            let agent = OutlineEntry(number: 1, title: "Taken", summary: summary)
            #expect(review.problem(agent, earlier: [], bookTitle: "The Lighthouse Keeper") == nil, "\(summary)")
        }
    }

    @Test func aQuestionIsNoChaptersSummary() {
        // Quick-start plans, verbatim.
        for summary in ["If a lighthouse keeper can see into the depths of the ocean and know that he cannot see himself out "
                            + "there with his lashle lying on the sand, does he?",
                        "The islander has found the answer to himself: he knows that he is lying, but who can know if he actually lies?"] {
            let riddle = OutlineEntry(number: 3, title: "The Liar Paradox", summary: summary)
            let reason = review.problem(riddle, earlier: [], bookTitle: "The Lighthouse Keeper")
            #expect(reason?.contains("asks a question") == true)
            #expect(review.fault(riddle, reason: reason, earlier: []) == .lesser)
        }
        let asked = OutlineEntry(number: 2, title: "The Letter", summary: "Mara asks the captain who wrote the letter, and he lies.")
        #expect(review.problem(asked, earlier: [], bookTitle: "The Lighthouse Keeper") == nil)
    }

    @Test func aSummaryEndingAsTheWorkedExampleEndsCopiesIt() {
        // A quick-start plan: the fable's well, taken into a lighthouse.
        let borrowed = OutlineEntry(number: 1, title: "The Lamploose",
            summary: "A lighthouse keeper on a remote island finds a bottle of strange liquid at dusk and tumbles into the old dry well.")
        #expect(review.copiesExample(borrowed))
        let reason = review.problem(borrowed, earlier: [], bookTitle: "The Lighthouse Keeper")
        #expect(review.fault(borrowed, reason: reason, earlier: []) == .repeated)
        // Four words in a row are common English, not a copy.
        let own = OutlineEntry(number: 1, title: "Fog", summary: "Mara finds the old dry boat rotting on the cape at dawn.")
        #expect(!review.copiesExample(own))
    }

    @Test func copiesOfOneEntryAreRejectedFromTheSecondOn() {
        let copies = outline(Array(repeating: ("The Lighthouse Keeper: A Novel",
            "The story of a lighthouse keeper who has to keep a message in a bottle."), count: 3))
        let problems = review.problems(copies, bookTitle: "The Lighthouse Keeper")
        #expect(problems.map(\.chapter) == [1, 2, 3])
        #expect(problems[0].reason.contains("repeats the book's title"))
    }

    @Test func theBooksTitleWithItsWordsRunTogetherRepeatsIt() {
        // A quick start's chapter 1.
        let entries = outline([("The Lighthousekeeper", "A keeper finds a bottle on the rocks at dawn."),
                               ("The Lighthouse", "Mara rows out to rescue the fishermen at dawn.")])
        let problems = review.problems(entries, bookTitle: "The Lighthouse Keeper")
        #expect(problems.map(\.chapter) == [1])
        #expect(problems.first?.reason.contains("repeats the book's title") == true)
    }

    @Test func sameTitleDifferentCaseAndPunctuationIsADuplicate() {
        let entries = outline([("The Storm", "A storm drives a boat onto the rocks."),
                               ("the storm!", "Mara rows out to rescue the fishermen at dawn.")])
        #expect(review.problems(entries, bookTitle: "Keeper").map(\.reason) == [#"chapter 2 has the same title as chapter 1 ("the storm!")"#])
    }

    @Test func nearlyTheSameSummaryIsADuplicate() {
        let entries = outline([("The Storm", "Mara finds a bottle with a letter on the beach."),
                               ("Morning", "Mara finds the bottle with a letter on a beach.")])
        #expect(review.problems(entries, bookTitle: "Keeper").map(\.chapter) == [2])
    }

    @Test(arguments: [
        ("A book titled", "is a fragment"),
        ("A storm.", "is a fragment"),
        ("A book titled The Keeper about a keeper.", "describes the book"),
        ("The lighthouse keeper story.", "only restates the title"),
        ("...", "placeholder"),
    ])
    func summariesThatSayNothingAreRejected(summary: String, reason: String) {
        let entries = outline([("The Storm", summary)])
        let problems = review.problems(entries, bookTitle: "The Lighthouse Keeper")
        #expect(problems.count == 1)
        #expect(problems.first?.reason.contains(reason) == true, "\(problems)")
    }

    @Test func aSummaryThatLoopsIsRejectedAndOneThatNamesAThingTwiceIsNot() {
        // The bundled model's plan, verbatim.
        let looping = "Lost Dreams, a story of a lighthouse keeper's life, on a remote island, with a message in a bottle, "
            + "and a story of a lighthouse keeper's life, on a le."
        let problems = review.problems(outline([("The Storm", looping)]), bookTitle: "The Lighthouse Keeper")
        #expect(problems.map(\.reason) == ["chapter 1 summary repeats itself (\"a story of a\")"])
        let named = "Mara finds the old map in the tower, and Tom finds the old compass by the sea."
        #expect(review.problems(outline([("The Storm", named)]), bookTitle: "The Lighthouse Keeper").isEmpty)
    }

    @Test(arguments: [
        "A keeper named Mara finds a map on a small.",
        "In the fog a keeper stirs his crew, and in the heart of the island's vast.",
        "Mara climbs the tower and finds the bottle and.",
        "A storm drives the fishing boat toward the mysterious.",
        "Mara rows out past the rocks to the very",
        "The keeper hides the letter under his old wooden.",
    ])
    func summariesCutOffBeforeTheirNounAreRejected(summary: String) {
        let problems = review.problems(outline([("The Storm", summary)]), bookTitle: "The Lighthouse Keeper")
        #expect(problems.map(\.reason) == ["chapter 1 summary stops mid-sentence (\"\(summary)\")"])
    }

    @Test(arguments: [
        "Mara is afraid of the dark.", "The storm leaves her lonely.", "Mara's lamp burns through the long night.",
        "By morning, after the storm, it's quiet.", "The keeper at last grows old.", "Mara and Tom finally trust each other.",
        "Tom sits down and waits a little.", "The old keeper keeps the island safe.", "Her brother is lost at sea.",
        "Mara finds the map is torn and useless.", "She rows out into the cold.", "At dawn Mara is the last.",
        "Grandmother tells Mara a secret.", "Mara paints the door a deep red.", "He keeps the whole.",
    ])
    func wellFormedEndingsAreNotTakenForCutOnes(summary: String) {
        #expect(review.summaryProblem(summary, bookTitle: "The Storm", minimumWords: 4) == nil)
    }

    @Test func aSummaryThatOnlyRestatesItsChapterTitleIsRejected() {
        let entries = outline([("The Clockwork in a Harbour", "A Clockwork in a Harbour"),
                               ("The Clock and the Sea", "The clock stops when the sea turns, and Ada must mend it.")])
        let problems = review.problems(entries, bookTitle: "The Tide Clock")
        #expect(problems.map(\.chapter) == [1])
        #expect(problems.first?.reason.contains("only restates the title") == true, "\(problems)")
    }

    @Test(arguments: ["Chapter Title", "[Title]", "TBD", "Untitled", "<title>"])
    func placeholderTitlesAreRejected(title: String) {
        let entries = outline([(title, "A storm drives a fishing boat onto the rocks.")])
        #expect(review.problems(entries, bookTitle: "Keeper").first?.reason.contains("placeholder") == true)
    }

    @Test(arguments: ["The First Chapter of the Story", "Chapter One", "The Book's Plan", "Title Page"])
    func titlesInThePromptsWordingAreRejected(title: String) {
        let entry = OutlineEntry(number: 1, title: title, summary: "Mara finds a green bottle on the beach at dawn.")
        #expect(review.problem(entry, earlier: [], bookTitle: "The Keeper")?.contains("about the book") == true)
    }

    @Test func summariesTalkingAboutTheBookOrCopyingTheInstructionsAreRejected() {
        let instructions = "A short novel about a lighthouse keeper on a remote island who finds a message in a bottle."
        let talk = OutlineEntry(number: 2, title: "The Bottle", summary: "In the second chapter, the story of the bottle is told.")
        #expect(review.problem(talk, earlier: [], bookTitle: "The Keeper")?.contains("talks about the book") == true)
        let copied = OutlineEntry(number: 1, title: "The Bottle",
                                  summary: "A lighthouse keeper on a remote island who finds a message in a bottle.")
        #expect(review.problem(copied, earlier: [], bookTitle: "The Keeper", instructions: instructions)?
            .contains("copies the author's instructions") == true)
        let title = OutlineEntry(number: 1, title: "A Remote Island", summary: "Mara rows out to the rocks in a gale.")
        #expect(review.problem(title, earlier: [], bookTitle: "The Keeper", instructions: instructions)?
            .contains("from the author's instructions") == true)
        let own = OutlineEntry(number: 1, title: "The Green Bottle", summary: "Mara finds a message from a drowned sailor.")
        #expect(review.problem(own, earlier: [], bookTitle: "The Keeper", instructions: instructions) == nil)
    }

    @Test func aTitleBuiltOnTheBookTitleWithRealWordsIsKept() {
        #expect(!review.restates("The Lighthouse Keeper's Daughter", bookTitle: "The Lighthouse Keeper"))
        #expect(review.restates("THE LIGHTHOUSE KEEPER — Part One", bookTitle: "The Lighthouse Keeper"))
    }

    @Test func aFragmentBookSummaryIsReportedWithoutAChapter() {
        let entries = outline([("The Storm", "A storm drives a fishing boat onto the rocks.")], summary: "A book titled")
        #expect(review.problems(entries, bookTitle: "Keeper").map(\.chapter) == [nil])
    }

    @Test func anEntryOffTheBooksSubjectIsRejectedWhenTheInstructionsSayEnough() {
        var review = OutlineReview()
        review.checksTopic = true
        let instructions = "A friendly guide for teenagers on earning, budgeting and saving their first thousand dollars."
        let supper = OutlineEntry(number: 1, title: "The Last Supper", summary: "Mary stands beside the altar at night.")
        #expect(review.problem(supper, earlier: [], bookTitle: "Saving Your First Thousand", instructions: instructions)?
            .contains("nothing to do with the book") == true)
        // Inflections match: "budget" is "budgeting", "savings" is "saving".
        let budget = OutlineEntry(number: 1, title: "A Weekly Budget", summary: "Maya opens a savings account at the bank.")
        #expect(review.problem(budget, earlier: [], bookTitle: "Saving Your First Thousand", instructions: instructions) == nil)
        // "A short tale." says too little to judge a chapter by.
        #expect(review.problem(supper, earlier: [], bookTitle: "The Keeper", instructions: "A short tale.") == nil)
        // Off unless asked (a plan in another language shares no English word).
        #expect(OutlineReview().problem(supper, earlier: [], bookTitle: "Saving Your First Thousand",
                                        instructions: instructions) == nil)
    }

    @Test func stemsMatchAWordAndItsInflections() {
        #expect(WordRuns.stems("saving savings save") == ["sav"])
        #expect(WordRuns.stems("Keepers keeper") == ["keep"])
        #expect(WordRuns.stems("lights light") == ["light"])
    }

    @Test(arguments: ["The Lost Ship: A lighthouse keeper on a", "s, is now lost in the darkness and must,",
                      ") Aye. What is a good title? A title to", "The keeper rows out to the island and finds the bottle there"])
    func titlesThatAreNoTitlesAreRejected(title: String) {
        let entry = OutlineEntry(number: 1, title: title, summary: "Mara finds a green bottle on the beach at dawn.")
        #expect(review.problem(entry, earlier: [], bookTitle: "The Keeper")?.contains("has a title that") == true)
    }

    @Test func aTitleReachingTheSchemasLimitWasCutOff() {
        var review = OutlineReview()
        review.titleCharacterLimit = 40
        let cut = OutlineEntry(number: 1, title: "The Chicken Bites, a Recipe for Daily Bé",
                               summary: "Sam bakes his first loaf and burns the crust.")
        #expect(review.problem(cut, earlier: [], bookTitle: "Bread at Home")?.contains("length limit") == true)
        #expect(OutlineReview().problem(cut, earlier: [], bookTitle: "Bread at Home") == nil)
        // Cut on a space, trimmed to 39 characters.
        let trimmed = OutlineEntry(number: 1, title: "The Lighthouse Keeper, a rugged and rea",
                                   summary: "Sam bakes his first loaf and burns the crust.")
        #expect(review.problem(trimmed, earlier: [], bookTitle: "Bread at Home")?.contains("length limit") == true)
        let short = OutlineEntry(number: 1, title: "The Night the Lamp Went Out",
                                 summary: "Sam bakes his first loaf and burns the crust.")
        #expect(review.problem(short, earlier: [], bookTitle: "Bread at Home") == nil)
    }
}
