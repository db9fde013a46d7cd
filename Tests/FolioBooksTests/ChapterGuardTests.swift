import Testing
import FolioCore
@testable import FolioBooks
import FolioProviders

@Suite struct ChapterGuardTests {
    static let prompt = "Book summary: Mara keeps the lighthouse on the northern cape and finds a bottle with a letter inside it."

    func run(_ pieces: [String], maximumWords: Int = 0) -> (shown: String, stop: ChapterGuard.Stop?, guard: ChapterGuard) {
        var configuration = ChapterGuard.Configuration()
        configuration.maximumWords = maximumWords
        var sentinel = ChapterGuard(reference: [Self.prompt], titles: ["The Keeper", "The Storm"],
                                    configuration: configuration)
        var shown = ""
        for piece in pieces {
            let step = sentinel.feed(piece)
            shown += step.shown
            if let stop = step.stop { return (shown, stop, sentinel) }
        }
        let last = sentinel.finish()
        return (shown + last.shown, last.stop, sentinel)
    }

    /// Checks that the guard leaves `expected` of `text`, having dropped lines of `kinds`.
    func expectDrops(_ text: String, leaving expected: String, as kinds: [GuardAction.Kind],
                     sourceLocation: SourceLocation = #_sourceLocation) {
        let result = run([text])
        #expect(result.shown == expected, sourceLocation: sourceLocation)
        var sentinel = result.guard
        #expect(sentinel.takeDropped().map(\.kind) == kinds, sourceLocation: sourceLocation)
    }

    /// Checks that the guard, given the prompt's `instructions`, leaves `expected` of `text`, one line dropped as echo.
    func expectEcho(_ text: String, of instructions: [String], leaving expected: String,
                    sourceLocation: SourceLocation = #_sourceLocation) {
        var sentinel = ChapterGuard(reference: [Self.prompt], titles: [], instructions: instructions)
        let shown = sentinel.feed(text).shown + sentinel.finish().shown
        #expect(shown == expected, sourceLocation: sourceLocation)
        #expect(sentinel.takeDropped().map(\.kind) == [.echo], sourceLocation: sourceLocation)
    }

    /// Every split of `text` into two pieces gives the same result as the whole.
    func everySplit(_ text: String) -> Set<String> {
        var results = Set<String>()
        for offset in 0...text.count {
            let cut = text.index(text.startIndex, offsetBy: offset)
            results.insert(run([String(text[..<cut]), String(text[cut...])]).shown)
        }
        return results
    }

    @Test func aShortSentenceOfThePromptsOwnTaskIsDroppedAsEcho() {
        expectEcho("Mara read the letter twice. Continue from there.\nShe put it down. ",
                   of: ["Continue from there. Next, Mara reads the letter. Write the next part"],
                   leaving: "Mara read the letter twice.\nShe put it down.")
    }

    @Test func cleanProseIsShownWhole() {
        let text = "The wind rose at dusk. Mara climbed the stairs!\n\nShe lit the lamp and waited."
        #expect(run([text]).shown == text)
        #expect(everySplit(text) == [text])
    }

    @Test func aRepeatedSentenceStopsBeforeItIsShown() {
        let result = run(["The wind rose over the dark water. Mara climbed the stairs slowly. ",
                          "The wind rose over the dark water. More."])
        #expect(result.shown == "The wind rose over the dark water. Mara climbed the stairs slowly.")
        #expect(result.stop == .violation(.loop, "The wind rose over the dark water."))
    }

    @Test func anEightWordRunRepeatedInsideOtherWordsIsALoop() {
        let result = run(["She saw the light on the far side of the bay. Then, ",
                          "again, she saw the light on the far side of the bay."])
        #expect(result.shown == "She saw the light on the far side of the bay.")
        if case .violation(.loop, _)? = result.stop {} else { Issue.record("expected a loop, got \(String(describing: result.stop))") }
    }

    @Test func aLoopInVariedWordsStopsWhenTheLatestSixtyWordsHaveTooFewDifferentOnes() {
        // A saved chapter's words, verbatim: each sentence differs, the run says almost nothing new.
        let text = "His feet had carried him away, but he knew that he would not lose his memory. "
            + "He would continue his journey, no matter what the sea had done to him. "
            + "He would find his way back home, but only by finding his way home. "
            + "He began to walk, to walk, and as he did, he felt the air around him growing colder. "
            + "He saw the stars, and he saw the darkness, and he saw himself. "
            + "And so, he took one last step, and he turned to the shore, and he saw gold. "
            + "He saw gold, and he knew that gold was not just any gold, it was gold of the most precious and most elusive. "
            + "He saw it, and he knew that he would never lose that gold. "
            + "He knew that he would be forever changed, forever changed, forever changed. "
            + "He walked, he walked, and he knew that the moment was close, and it was now. "
            + "He knew that he had to find his way, and he knew that there was only one way to do it. More."
        let result = run([text])
        #expect(result.stop == .violation(.loop, "He walked, he walked, and he knew that the moment was close, and it was now."))
        // The sentence before it said one phrase three times in a row: dropped (``ChapterGuard/repeatsItself(_:)``).
        #expect(result.shown.hasSuffix("he knew that he would never lose that gold."))
        // The same number of words of ordinary prose goes through.
        let prose = "The wind rose at dusk and Mara climbed the stairs to the lamp room. Below, the tide "
            + "pulled at the rocks, and a fishing boat rounded the point with one lantern lit. She trimmed the wick, "
            + "wiped the salt from the glass and wrote the hour in the log. A bottle lay on the sill where her "
            + "brother had left it, green and sealed with red wax. She turned it in her hands, wondering who had "
            + "thrown it into the sea, and from which shore. Then she broke the wax."
        #expect(run([prose]).stop == nil)
        var stories = ChapterGuard.Configuration()
        stories.narrative = false
        var post = ChapterGuard(reference: [], titles: [], configuration: stories)
        #expect(post.feed(text).stop == nil)
    }

    @Test func aCopyAtAnAttemptsSecondSentenceTakesTheFirstBackUnseen() {
        var sentinel = ChapterGuard(reference: ["A young apprentice stood before him, her eyes shining with curious glances "
                                                + "as she watched the old master wind the tallest clock in the shop."], titles: [])
        sentinel.startAttempt(keepingHeld: false)
        let step = sentinel.feed("A young apprentice stood before him, her eyes shining. Curious glances as she watched "
                                 + "the old master wind the tallest clock in the shop. More")
        #expect(step.shown.isEmpty)
        if case .violation(.copy, _)? = step.stop {} else { Issue.record("expected a copy, got \(String(describing: step.stop))") }
        #expect(sentinel.accepted.isEmpty)
        #expect(sentinel.takeDropped().map(\.kind) == [.copy])
        // Two clean sentences before the copy are kept.
        var second = ChapterGuard(reference: ["She watched the old master wind the tallest clock in the shop until the bells all rang at once."],
                                  titles: [])
        second.startAttempt(keepingHeld: false)
        let kept = second.feed("Rain fell on the town. The shop was warm. She watched the old master wind the tallest clock "
                               + "in the shop until the bells rang. More")
        #expect(kept.shown == "Rain fell on the town. The shop was warm.")
    }

    @Test func aSentenceMostlyOfWordsTheLanguageLacksStopsTheAttempt() {
        // The opening of a benchmark guide's chapter 2, verbatim, after a sentence of English.
        let english = ["save", "a", "little", "of", "every", "dollar", "you", "earn", "and", "keep", "it", "in", "jar",
                       "the", "el", "la", "de", "es", "amigo", "primer"]
        var sentinel = ChapterGuard(reference: [], titles: [])
        sentinel.vocabulary = WordList(words: english)
        sentinel.startAttempt(keepingHeld: false)
        let step = sentinel.feed("Save a little of every dollar you earn, and keep it in a jar. "
                                 + "El primer parte de la tradición de buen comercio es el lado de los célamos. More")
        #expect(step.stop == .violation(.language, "El primer parte de la tradición de buen comercio es el lado de los célamos."))
        // One sentence before it is taken back with it, as most likely its start; two are kept.
        #expect(step.shown.isEmpty)
        var later = ChapterGuard(reference: [], titles: [])
        later.vocabulary = WordList(words: english)
        later.startAttempt(keepingHeld: false)
        let kept = later.feed("Save a little of every dollar you earn. Keep it in a jar. "
                              + "El primer parte de la tradición de buen comercio es el lado de los célamos. More")
        #expect(kept.shown == "Save a little of every dollar you earn. Keep it in a jar.")
        // Names and short lines are not judged.
        var names = ChapterGuard(reference: [], titles: [])
        names.vocabulary = WordList(words: english)
        #expect(names.feed("Señora Álvarez de la Cruz saved every dollar. La amiga! More").stop == nil)
    }

    @Test func aFewWordsOnALineOfTheirOwnWithNoSentenceEndAreDroppedAsAHeading() {
        // Benchmark guides' chapters, verbatim lines.
        expectDrops("BREAD THAT CAN LIVE ALONG\n\nA simple yet delicious recipe. ",
                    leaving: "A simple yet delicious recipe.", as: [.heading])
        expectDrops("The secret is in the names.\n\nEmily Brown\n\nLiliana Alonso\n\nThe story of how to make money. ",
                    leaving: "The secret is in the names.\n\nThe story of how to make money.", as: [.heading, .heading])
        // A label, a list, a line of speech and a line running on stay.
        for kept in ["**Ingredients:**\n1. **Yeast**\n2. **Salt**", "He waited.\n\n\"Yes\"\n\nShe left.",
                     "As I grew older,\nI learned to wait."] {
            expectDrops(kept + "\n", leaving: kept, as: [])
        }
    }

    @Test func aListLoopingOnItsItemsIsALoopWhateverItsNumbers() {
        // A benchmark guide's chapter 1 was 94 numbered items, "Mocha" 15 times, "Ginger" 13.
        let items = ["Mocha", "Ginger", "Lemon", "Honey", "Mocha", "Mocha", "Ginger", "Milk"]
        let list = (1...40).map { "\($0). **\(items[$0 % items.count])**\n" }
        let looped = run(["**Ingredients:**\n"] + list)
        if case .violation(.loop, _)? = looped.stop {} else { Issue.record("expected a loop stop, got \(String(describing: looped.stop))") }
        // A recipe's steps go through.
        let steps = ["Mix the flour and the salt in a bowl.", "Add the water and the yeast.", "Knead the dough for ten minutes.",
                     "Let it rise until doubled.", "Shape the loaf and let it rise again.", "Bake it for forty minutes.",
                     "Let it cool on a rack.", "Slice it and serve it warm."]
        let recipe = steps.enumerated().map { "\($0.offset + 1). \($0.element)\n" }
        #expect(run(recipe).stop == nil)
    }

    @Test func aRunOfThreeWordSentencesChangingOnlyTheirLastIsALoop() {
        // A quick start's chapter 2, verbatim.
        expectDrops("You're my partner, Aria. You're Aria's best mate. You're Aria's brother. You're Aria's sister. "
                    + "You're Aria's mother. Your hair is black.",
                    leaving: "You're my partner, Aria. You're Aria's best mate. You're Aria's brother. Your hair is black.",
                    as: [.loop, .loop])
    }

    @Test func aSentenceWithAMadeUpWordIsDroppedButCompoundsAndDroppedGsAreWords() {
        let english = ["it", "is", "a", "way", "of", "getting", "rid", "problems", "with", "the", "clock", "face", "stopped",
                       "at", "noon", "he", "was", "looking", "for", "lantern", "light", "known", "sin", "and", "she", "kept"]
        var sentinel = ChapterGuard(reference: [], titles: [])
        sentinel.vocabulary = WordList(words: english)
        sentinel.dropsMadeUpWords = true
        // A sentence of a bundled-model guide's chapter 3, verbatim, between two of a story.
        let shown = sentinel.feed("The clockface stopped at noon. It is a way of getting rid of problems with problemals. "
                                  + "He was lookin' for lanternlight, and she kept it unknown. ").shown + sentinel.finish().shown
        #expect(shown == "The clockface stopped at noon. He was lookin' for lanternlight, and she kept it unknown.")
        #expect(sentinel.takeDropped().map(\.kind) == [.language])
        // A guide keeps its terms.
        var guide = ChapterGuard(reference: [], titles: [])
        guide.vocabulary = WordList(words: english + ["add", "the", "to", "dough"])
        let kept = guide.feed("Add the levain to the dough. ").shown + guide.finish().shown
        #expect(kept == "Add the levain to the dough.")
    }

    @Test func aSecondSentenceWithAMadeUpWordStopsTheAttempt() {
        let english = ["she", "smiled", "and", "the", "back", "again", "nodded", "he", "stood", "on", "island", "watched",
                       "walk", "away", "sea", "was", "calm"]
        var sentinel = ChapterGuard(reference: [], titles: [])
        sentinel.vocabulary = WordList(words: english)
        sentinel.dropsMadeUpWords = true
        // A saved book's chapter 1, verbatim but for the first sentence: the model kept a word it made up.
        let step = sentinel.feed("The sea was calm. She smiled, and the lassit smiled back. She smiled again, and the lassit nodded. "
                                 + "He stood on the island, and he watched the lassit walk away. ")
        #expect(step.shown == "The sea was calm.")
        if case .violation(.language, let text)? = step.stop {
            #expect(text.contains("lassit nodded"))
        } else {
            Issue.record("expected a language stop, got \(String(describing: step.stop))")
        }
    }

    @Test func theEndClosesAQuotationOnlyWhenItsLastParagraphOpenedIt() {
        var open = ChapterGuard(reference: [], titles: [])
        let said = open.feed("She looked at the light. \"I know what you will say.\"\n\n\"I had lost my last hope. ").shown
            + open.finish().shown
        #expect(said + open.end().shown == "She looked at the light. \"I know what you will say.\"\n\n\"I had lost my last hope.\"")
        // A stray mark in an earlier paragraph is no quotation for the end to close.
        var stray = ChapterGuard(reference: [], titles: [])
        let text = stray.feed("The keeper said \"yes. He went home.\n\nThe lamp burned all night long. ").shown + stray.finish().shown
        #expect(stray.end().shown == "")
        #expect(text == "The keeper said \"yes. He went home.\n\nThe lamp burned all night long.")
    }

    @Test func aLoopWithinOneSentenceIsCaught() {
        let looping = Array(repeating: "and the sea and the sky", count: 6).joined(separator: " ") + "."
        #expect(run(["It was calm. ", looping]).shown == "It was calm.")
    }

    @Test(arguments: ["Title Page", "[Binding]", "Binding: cloth, gilt edges", "Copyright 2024 by the author",
                      "Table of Contents", "This book's plan follows the keeper.", "In this book, we follow Mara.",
                      "The text continued in the same style and length as earlier.",
                      "Do you want me to write another version of this story using different styles?",
                      "This narrative touches on themes of craftsmanship and time travel.",
                      "Just let me know what you'd like from editing next time round!",
                      "I'll start this new story tomorrow morning at 11am London Time.",
                      "1st paragraph", "**Second paragraph:**", "(Sighs with anguish.)", "The story begins:",
                      "I could have rephrased that sentence to make it flow better.",
                      "Let me try rephrasing: the corner where we live hides a secret.",
                      "I'll just add that I want more than five hundred words here.",
                      "This writer writes 250 words each night so I am going to write next paragraph today.",
                      "The story is short yet powerful, with a twist at the end.",
                      "This tale beautifully captures the loneliness of the keeper."])
    func inventedFrontMatterAndTalkAboutTheBookAreDropped(line: String) {
        let result = run(["The wind rose at dusk.\n\(line)\nMara climbed the stairs."])
        #expect(result.shown == "The wind rose at dusk.\nMara climbed the stairs.")
        #expect(result.guard.dropped.count == 1)
    }

    @Test func proseAboutBindingsAndDedicationIsKept() {
        let text = "She worked with great dedication. The binding of the old log had cracked. "
            + "The first paragraph of the letter was torn (the rest was whole). The story begins again each spring. "
            + "The story was short, and the sailors laughed at it."
        #expect(run([text]).shown == text)
    }

    @Test func twelveWordsCopiedFromThePromptStop() {
        let result = run(["Morning came. She knew that Mara keeps the lighthouse on the northern cape and finds a bottle today."])
        #expect(result.shown == "Morning came.")
        if case .violation(.copy, _)? = result.stop {} else { Issue.record("expected a copy") }
        // Eleven words of the prompt are fine.
        #expect(run(["She keeps the lighthouse on the northern cape and finds a bottle."]).stop == nil)
    }

    @Test func wordsRunTogetherStopTheAttemptBeforeAnySentenceEnds() {
        // The bundled model under strong repetition penalties, verbatim.
        let result = run(["The sea was calm. ", "The sea was ablaze withan unforgivinglightasi stood atopthe ricketyoldtrucker's ",
                          "highbackedstern alofta treadingin'on thier longshipsboarderleavethree"])
        #expect(result.shown == "The sea was calm.")
        if case .violation(.garbled, _)? = result.stop {} else { Issue.record("expected garbled, got \(String(describing: result.stop))") }
        // Long real words are words.
        #expect(run(["The internationalisation of trade was, she said, incomprehensibilities piled high."]).stop == nil)
    }

    @Test func aCallAfterWordsRanTogetherDropsThePenaltiesThatCausedIt() {
        var request = ChatRequest(messages: [], frequencyPenalty: 0.5, presencePenalty: 0.3)
        request.repetition = RepetitionControl(repeatPenalty: 1.1, dryMultiplier: 0.4)
        let calmed = ChapterWriter.calmed(request, attempt: 1)
        #expect(calmed.frequencyPenalty == 0 && calmed.presencePenalty == 0 && calmed.repetition?.repeatPenalty == 1)
        #expect(calmed.repetition?.dryMultiplier == 0.8)
        // A phrase of the plan may be said again whole: DRY cut into its last word is what made it up.
        #expect(calmed.repetition?.dryAllowedLength == ChapterWriter.calmedDryAllowedLength)
        #expect(calmed.seed != request.seed)
    }

    @Test func aRedrawAfterALoopStrengthensDRYOnLlamaCppAndThePenaltiesElsewhere() {
        var local = ChatRequest(messages: [], temperature: 0.5, seed: 7)
        local.repetition = BookPipeline.defaultRepetition
        let redrawn = ChapterWriter.escalated(local, attempt: 1)
        #expect(redrawn.frequencyPenalty == nil && redrawn.presencePenalty == nil)
        #expect((redrawn.repetition?.dryMultiplier ?? 0) > (local.repetition?.dryMultiplier ?? 0))
        #expect((redrawn.repetition?.repeatPenalty ?? 0) > (local.repetition?.repeatPenalty ?? 0))
        #expect(redrawn.seed != local.seed)
        let hosted = ChapterWriter.escalated(ChatRequest(messages: [], temperature: 0.5, seed: 7), attempt: 2)
        #expect(hosted.frequencyPenalty == 0.4 && hosted.presencePenalty == 0.2)
    }

    @Test func aPhraseCopiedWithOneWordSwappedIsACopy() {
        // The bundled model's second chapter, taking two phrases of its first with a word swapped.
        let earlier = "They carried tales of love and loss woven throughout every inch of what little they knew so that "
            + "day's mermaid might speak. Some walked hand over hand with courage under hardships beyond their control."
        var sentinel = ChapterGuard(reference: [earlier], titles: [])
        let step = sentinel.feed("The ship seemed lost. The crew held tales of love and loss weaved throughout every inch "
            + "of what little she knew. ")
        #expect(step.shown == "The ship seemed lost.")
        if case .violation(.copy, _)? = step.stop {} else { Issue.record("expected a copy, got \(String(describing: step.stop))") }
        var second = ChapterGuard(reference: [earlier], titles: [])
        let swapped = second.feed("Others walked hand over hands with courage beneath hardships beyond their control. ")
        if case .violation(.copy, _)? = swapped.stop {} else { Issue.record("expected a copy, got \(String(describing: swapped.stop))") }
        // The same words, two of them changed and the order shuffled, are the writer's own.
        var third = ChapterGuard(reference: [earlier], titles: [])
        let own = "She knew little of loss, yet every inch of the hull carried tales the sailors loved to tell. "
        #expect(third.feed(own).stop == nil)
    }

    @Test func aPhraseCopiedWithItsArticlesChangedIsACopy() {
        // The bundled model's second chapter, taking its first chapter's opening with one "the" left out.
        let earlier = "The air was thin and cool over the small cove where old Mrs. Jenkins stood by her faithful "
            + "lighthouse at dawn casting long shadows across the worn stone cliffs that seemed forever shrouded in mist."
        var sentinel = ChapterGuard(reference: [earlier], titles: [])
        let step = sentinel.feed("It began in a quiet place. This isolated cove at dawn casting long shadows across worn "
            + "stone cliffs overlooking her faithful lighthouse was all she had. ")
        #expect(step.shown == "It began in a quiet place.")
        #expect(step.stop == .violation(.copy, "This isolated cove at dawn casting long shadows across worn stone cliffs over…"))
        #expect(WordRuns.longestSharedRun(WordRuns.words(step.shown), with: WordRuns.words(earlier)) < 12)
    }

    @Test func headingsBylinesTitlesAndMetaTalkAreDroppedAndTheTextGoesOn() {
        let text = "## Chapter 1: A Book Called Harborlights\n### By: Sarah Linforth\nThe Storm\n"
            + "The tide was out. In this chapter, Mara finds the bottle. She ran."
        #expect(run([text]).stop == nil)
        expectDrops(text, leaving: "The tide was out. She ran.", as: [.heading, .heading, .heading, .meta])
        // A heading mark alone, and the prompt's own labels in other words (a benchmark book's chapter 4:
        // "The text ends like this:" and the last chapter's ending after it).
        expectDrops("### \nThe oven was hot. The text ends like this:\nShe kneaded the dough. Earlier: Mara ran. ",
                    leaving: "The oven was hot.\nShe kneaded the dough.", as: [.heading, .echo, .echo])
        // A story's own text keeps its colon.
        expectDrops("The text read: come home. ", leaving: "The text read: come home.", as: [])
    }

    @Test func adviceAboutWritingIsDroppedAsMetaTalkButProseAboutReadingIsKept() {
        let text = "The tide was out. To create an immersive experience for your readers, use descriptive phrases.\n"
            + "The next paragraph will introduce ideas beyond the plot. She ran."
        expectDrops(text, leaving: "The tide was out. She ran.", as: [.meta, .meta])
        #expect(run(["\"Do you want me to row you across?\" he asked."]).shown == "\"Do you want me to row you across?\" he asked.")
        let prose = "She read the letter twice. The paragraph about the harbour made her cry."
        #expect(run([prose]).shown == prose)
    }

    @Test func aNarratorWritingTheStoryIsDroppedAsMetaTalkButOneWritingALetterIsKept() {
        // The bundled model's second chapter, verbatim.
        let text = "As I helped her find the message, I realized that Aria was no ordinary keeper. "
            + "I decided to create a new story around Aria's journey. I wrote about Aria's story, and I wanted to share it "
            + "with the world. I added a few sentences to the beginning, and I told the story in a way that would make it "
            + "sound like a real island. She ran."
        // Its third sentence reports an edit: nothing after it is the story, and the attempt stops there.
        expectDrops(text, leaving: "As I helped her find the message, I realized that Aria was no ordinary keeper.",
                    as: [.meta, .meta])
        if case .violation(.meta, let found)? = run([text]).stop {
            #expect(found.hasPrefix("I added a few sentences"))
        } else {
            Issue.record("expected the attempt stopped at the edit report")
        }
        #expect(run(["The tide was out. I even included a few details that I had never seen before. She ran."]).shown
                == "The tide was out. She ran.")
        let letter = "I wrote a letter to my brother that night. I added a line about the storm and sealed it."
        #expect(run([letter]).shown == letter)
    }

    @Test func aLabelOpeningAParagraphIsDroppedAndItsSentenceKept() {
        // The bundled model's second chapter, verbatim but for the last line.
        let text = "The map: In the depths of the sea, a small, forgotten island stood alone.\n\n"
            + "In the midst of the wind, I heard the waves.\n\nA ship: The ship that had carried me here was gone.\n"
            + "Lighthouse keeper: Aria, the island's little shepherd, waved."
        let result = run([text])
        #expect(result.shown == "In the depths of the sea, a small, forgotten island stood alone.\n\n"
            + "In the midst of the wind, I heard the waves.\n\nThe ship that had carried me here was gone.\n"
            + "Aria, the island's little shepherd, waved.")
        var sentinel = result.guard
        #expect(sentinel.takeDropped().map(\.text) == ["The map:", "A ship:", "Lighthouse keeper:"])
        #expect(Set(everySplit(text)) == [result.shown])
        // Speech, a clause, a greeting, a diary's day, and a colon inside a paragraph are no labels.
        for prose in ["He said: \"Keep the lamp lit.\"", "One thing was certain: The bottle had come from the north.",
                      "Dear Mother: The storm has passed.", "Day 3: The storm came.",
                      "The tide was out. The map: a square of oilcloth."] {
            #expect(run([prose]).shown == prose)
        }
    }

    @Test func aDroppedSentenceOpeningOrClosingAQuotationLeavesItsMarkToTheNextOne() {
        let earlier = "She whispered that she was so glad you were here, lassie."
        var sentinel = ChapterGuard(reference: [], titles: [])
        sentinel.paraphrase = ParaphraseCheck(encoder: ExactEncoder(), chapters: [earlier])
        // An opening sentence of a speech dropped as a repeat: the speech keeps its opening mark.
        var shown = sentinel.feed("Auntie Emily smiled. \"\(earlier) I have a gift for you.\" She left. ").shown
        shown += sentinel.finish().shown
        #expect(shown == "Auntie Emily smiled. \"I have a gift for you.\" She left.")
        // A closing sentence dropped: the mark closes what was kept.
        var closing = ChapterGuard(reference: [], titles: [])
        closing.paraphrase = ParaphraseCheck(encoder: ExactEncoder(), chapters: [earlier])
        var text = closing.feed("\"I have a gift for you. \(earlier)\" She left. ").shown
        text += closing.finish().shown
        #expect(text == "\"I have a gift for you.\" She left.")
        // One that opens and closes its own speech leaves nothing.
        #expect(run(["\"Ahoy,\" he said. In this chapter, \"Mara finds it.\" She ran."]).shown == "\"Ahoy,\" he said. She ran.")
    }

    @Test func aChapterOpeningWithAQuotationMarkItDoesNotCloseLosesIt() {
        // A quick start's chapter 3 and a guide's chapter, verbatim openings: the prompt's fence echoed.
        #expect(run(["\"A lone wolf strolled along the pier, its footsteps quiet in the dusk. ", "The keeper stood beside me. ",
                     "\"You are not lost, Alejandro.\" He smiled. "]).shown
                == "A lone wolf strolled along the pier, its footsteps quiet in the dusk. The keeper stood beside me. \"You are not lost, Alejandro.\" He smiled.")
        #expect(run(["“Baking is a skill that warms the heart and feeds the house. ", "It takes patience.” Start with flour. "]).shown
                == "Baking is a skill that warms the heart and feeds the house. It takes patience. Start with flour.")
        // Speech closed in the first sentence, or begun with a short one, is speech.
        #expect(run(["\"Hello,\" she said. ", "The lamp was lit. "]).shown == "\"Hello,\" she said. The lamp was lit.")
        #expect(run(["\"Stay. ", "Please stay,\" she begged. "]).shown == "\"Stay. Please stay,\" she begged.")
    }

    @Test func aClosingMarkWithNoQuotationOpenIsLeftOutAndSpeechIsKept() {
        // The bundled model, verbatim: a sermon that ends with a closing mark and no speech begun.
        #expect(run(["I pray you will embrace them, and find solace in your own inner fire.\" The tide turned. "]).shown
            == "I pray you will embrace them, and find solace in your own inner fire. The tide turned.")
        #expect(run(["She said, \"Come home.\" He went. The word \"hope\" stayed, “and this” too. "]).shown
            == "She said, \"Come home.\" He went. The word \"hope\" stayed, “and this” too.")
        // A speech that goes on over sentences keeps its one closing mark.
        #expect(run(["\"Stay. Please stay,\" she begged. Done.” "]).shown == "\"Stay. Please stay,\" she begged. Done.")
    }

    @Test func aTitleInDoubleAngleBracketsIsDropped() {
        // A guide quick start's chapter 1, verbatim but for the sentence after the title.
        expectDrops("<<The Art of Simple Everyday Flour: A Guide for All You Will Know and Love>>\n\nBegin with flour. ",
                    leaving: "Begin with flour.", as: [.heading])
        expectDrops("He said <<no>> twice. ", leaving: "He said <<no>> twice.", as: [])
        // Its chapter 3, a list ending in numbers with nothing after them; a number before its text stays.
        let list = "17. You will never be alone.\n18. The end of the journey is the end of your dream.\n19.\n"
            + "20. Your love for life will always be endless.\n21.\n22.\n23."
        var guide = ChapterGuard.Configuration()
        guide.narrative = false  // a guide keeps its numbered steps
        var sentinel = ChapterGuard(reference: [Self.prompt], titles: [], configuration: guide)
        let shown = ["17. You will", " never be alone.\n18. The end of the journey is the end of your dream.\n19", ".\n",
                     "20. Your love for life will always be endless.\n21.", "\n22.\n23."]
            .map { sentinel.feed($0).shown }.joined() + sentinel.finish().shown
        #expect(shown == "17. You will never be alone.\n18. The end of the journey is the end of your dream.\n"
                + "20. Your love for life will always be endless.", "\(shown)")
        #expect(sentinel.takeDropped().map(\.text) == ["19.", "21.", "22.", "23."])
        // A benchmark guide's chapter 2: a number and a space, the line break in the next piece.
        var spaced = ChapterGuard(reference: [Self.prompt], titles: [], configuration: guide)
        let items = ["3. Buy what you need.", "\n\n", "4", ". ", "\n\n", "5", ". ", "Take care of yourself.", "\n\n"]
            .map { spaced.feed($0).shown }.joined() + spaced.finish().shown
        #expect(items == "3. Buy what you need.\n\n5. Take care of yourself.", "\(items)")
        // Its chapter 3, a list, talking about itself.
        expectDrops("Every day brings something new. The end of the chapter is about the end of the world. ",
                    leaving: "Every day brings something new.", as: [.meta])
    }

    @Test func aGuideAdvisingItsAuthorWhatToSayIsDroppedAsMetaTalk() {
        // A guide quick start's chapters 1 and 3, verbatim but for the sentences kept.
        expectDrops("Knead the dough for ten minutes. In fact, the book is designed to encourage users to make their own bread. "
                    + "Let it rise until doubled. You could talk about it with a friend who bakes. ",
                    leaving: "Knead the dough for ten minutes. Let it rise until doubled. You could talk about it with a friend who bakes.",
                    as: [.meta])
        expectDrops("Knead the dough for ten minutes. You could go on to discuss techniques, such as using flour to make bread "
                    + "with butter. To conclude the book, you could discuss the importance of patience. Let it rise until doubled. ",
                    leaving: "Knead the dough for ten minutes. Let it rise until doubled.", as: [.meta, .meta])
    }

    @Test func aChapterTalkingAboutWhatItIsForIsDroppedAsMetaTalk() {
        // A guide's chapter from the bundled model, verbatim but for the first sentence.
        let text = "Knead the dough for ten minutes. In my story, I wanted to share a simple yet elegant recipe for a classic bread. "
            + "This story aims to inspire a new generation of bread lovers. "
            + "I'm excited to see how this story will reach a wider audience and make a positive impact on our world. "
            + "Let it rise until doubled. "
        expectDrops(text, leaving: "Knead the dough for ten minutes. Let it rise until doubled.", as: [.meta, .meta, .meta])
    }

    @Test func aChapterSayingWhereTheStoryStandsOrExclaimingOverItIsDroppedAsMetaTalk() {
        // Lines of a quick-start book's three chapters, verbatim, between sentences of its prose.
        let text = "What a tale of fate and bravery. A lighthouse keeper stands alone on a deserted island. "
            + "A scene set before the final climb of the keeper's final journey. The keeper stood there. "
            + "The story ends with him standing there, lost in thought, and he told the tale to someone. "
            + "\"The story ends with the sea,\" he said. A scene from the old days filled his mind. "
        expectDrops(text, leaving: "A lighthouse keeper stands alone on a deserted island. The keeper stood there. "
                    + "\"The story ends with the sea,\" he said. A scene from the old days filled his mind.",
                    as: [.meta, .meta, .meta])
        // Another quick start's chapters; a story told in the past is the story's own.
        let more = "Lysander's story is about the power of dreams. And so the story goes on, and the story begins again with "
            + "the map. Lysander's story ends with a message that is written in the bottle. His father's story began with a storm. "
        expectDrops(more, leaving: "His father's story began with a storm.", as: [.meta, .meta, .meta])
        // A third quick start's chapter 3, verbatim but for the last sentence.
        let retold = "The story has been reinterpreted to fit the present narrative of a lighthouse keeper's journey home, but the "
            + "essence remains the same. Lizzy's journey is a personal one, and her story is a tale of courage, resilience, and "
            + "the power of selflessness. The story concludes with a poignant finale, where Lizzy steps onto the ship's deck. "
            + "She told the tale of the storm to the children. "
        expectDrops(retold, leaving: "She told the tale of the storm to the children.", as: [.meta, .meta, .meta])
        expectDrops("The story begins, as the light in the lighthouse breaks, illuminating the face of a man. He waited. ",
                    leaving: "He waited.", as: [.meta])
        // A fourth quick start's chapter 3, verbatim but for the sentence between.
        expectDrops("It continues like this with other ideas in the story. He waited. In Liar's next part, he discovers a log "
                    + "filled with messages from the past. In the next part of the cave he found a log. ",
                    leaving: "He waited. In the next part of the cave he found a log.", as: [.meta, .meta])
        // A fifth quick start's chapter 3 retelling the book as a synopsis, verbatim but for the sentence between.
        expectDrops("The story follows a lighthouse keeper, one of a few who have been lost to the darkness of the ocean. "
                    + "The story also includes a description of a location where the keeper found her own reflection. "
                    + "She walked down to the shore. As the story continues, the keeper's thoughts are filled with wonder. "
                    + "\"The story continues,\" she said, \"long after we are gone.\" ",
                    leaving: "She walked down to the shore. \"The story continues,\" she said, \"long after we are gone.\"",
                    as: [.meta, .meta, .meta])
    }

    @Test func anEditorsReportOnTheTextOpeningAChapterFailsTheAttempt() {
        // A quick-start chapter 2's opening, verbatim.
        let text = "I made a few changes to enhance the text while maintaining its original meaning. For instance, I changed "
            + "\"A sailor stumbled upon the lighthouse keeper's home\" to \"I walked among the island's weathered shores\" to create a "
            + "more vivid image of the scene. I also rephrased \"The linden\" to \"The linden\" to ensure proper punctuation. "
            + "For example, \"I paused, studying him intently\" is now \"I took a moment to study the man\" to use the correct verb "
            + "tense. I also added \"the one\" to \"who stood there\" to make it a singular noun, which is grammatically correct. "
            + "The lighthouse keeper looked up at me. "
        var sentinel = ChapterGuard(reference: [], titles: [])
        sentinel.startAttempt(keepingHeld: false)
        let step = sentinel.feed(text)
        #expect(step.shown.isEmpty)
        if case .violation? = step.stop {} else { Issue.record("expected the attempt stopped, got \(String(describing: step.stop))") }
        // Met later in a chapter, as a continuation turned into a report (a quick start's chapter 3, verbatim
        // but for the first sentence), the first sentence of it stops the attempt.
        let later = run(["The lamp burned all night. I made some changes to improve the writing style and clarity. "
                         + "I added the word \"but\" to connect the two sentences between them. "])
        #expect(later.shown == "The lamp burned all night.")
        if case .violation(.meta, _)? = later.stop {} else { Issue.record("expected a meta stop, got \(String(describing: later.stop))") }
        // A benchmark guide's chapter 1, verbatim: the report begins at its second paragraph.
        let guide = run(["Every day is a new opportunity to make a difference.\n\nI started by adding a few sentences to convey "
                         + "a message of kindness and generosity. I also added a personal touch with a phrase that encourages people "
                         + "to start saving their money everyday. "])
        #expect(guide.shown == "Every day is a new opportunity to make a difference.")
        if case .violation(.meta, _)? = guide.stop {} else { Issue.record("expected a meta stop, got \(String(describing: guide.stop))") }
        // Fiction about a text keeps its sentences.
        expectDrops("She read the letter again. The original letter had been burned. He chose his words with care. ",
                    leaving: "She read the letter again. The original letter had been burned. He chose his words with care.", as: [])
    }

    @Test func aNarratorPresentingTheStoryInsteadOfTellingItIsDroppedAsMetaTalk() {
        // A quick start's chapter 3, verbatim sentences.
        expectDrops("I am here to share a story that has captured my heart, and I have no doubt that you will too. "
                    + "The boat came in. And now, I must tell you about my new story. So, I will share this story with you, "
                    + "one that I have always wanted to do. ", leaving: "The boat came in.", as: [.meta, .meta, .meta])
        expectDrops("\"Let me tell you a story,\" the old man said. ", leaving: "\"Let me tell you a story,\" the old man said.", as: [])
    }

    @Test func theModelHandingOverTheNextPartIsDroppedAsMetaTalk() {
        // A benchmark guide's chapter 4 and a quick start's chapter, verbatim openings.
        expectDrops("Here is the next part of the guide:\nSave a dollar a day. ", leaving: "Save a dollar a day.", as: [.meta])
        expectDrops("Here's the next part. The tide rose. ", leaving: "The tide rose.", as: [.meta])
    }

    @Test func remarksOnTheTextBreakingOffOrOnItsDevicesAreDroppedAsMetaTalk() {
        // A quick start's chapter 3, its last paragraph, verbatim.
        let remark = "The text ended abruptly, but the story continues: The phrase \"losing a piece of your mind\" seems to be "
            + "a double negative, which is a literary device used by some writers to convey their characters' inner turmoil."
        expectDrops("She looked up at the keeper's weathered face. \(remark) ", leaving: "She looked up at the keeper's weathered face.",
                    as: [.meta])
        expectDrops("The story ends abruptly, but you can continue. The tide came in. ", leaving: "The tide came in.", as: [.meta])
        // A story told within the story ends as it likes.
        expectDrops("The story ended there, and the old man slept. ", leaving: "The story ended there, and the old man slept.", as: [])
    }

    @Test func theModelSpeakingAsAChatbotIsDroppedAsMetaTalk() {
        // The opening of a quick-start chapter, verbatim but for the last sentence.
        let text = "I'm an AI assistant dedicated to helping writers refine their work. I can assist you with your creative "
            + "writing endeavors, whether you're looking to craft a compelling tale, write a captivating novel, or simply share "
            + "your creative vision with others. I'm here to help. As she stood there, lost in thought, the wind rose. "
        expectDrops(text, leaving: "As she stood there, lost in thought, the wind rose.", as: [.meta, .meta, .meta])
    }

    @Test func theModelTalkingAboutHowItWroteTheSceneIsDroppedAsMetaTalk() {
        // From the last chapter of a quick-start book, verbatim but for the first and last sentences.
        let text = "He had always been a sailor. "
            + "The island is just one moment before the story begins; for that moment, I would simply set down my pen: "
            + "\"It is said that\" - no bold formatting necessary here. But instead I wanted to focus on showing and describing "
            + "with great detail how something that was once simple now has become complicated beyond understanding. "
            + "I've tried to make this scene feel like the opening of a book, complete with vivid descriptions of what seems "
            + "small at first but becomes an overwhelming sight later. A solitary figure stood beside the empty ship. "
        expectDrops(text, leaving: "He had always been a sailor. A solitary figure stood beside the empty ship.",
                    as: [.meta, .meta, .meta])
    }

    @Test func talkAboutGoingOnAfterAContinuationIsDroppedAsMetaTalk() {
        // Each from the last chapter of a quick-start book, which was made of them.
        let lines = [
            "A story set on a remote island where a lighthouse keeper found a message in a bottle, a tale of a lost lighthouse keeper's journey to his beloved island.",
            "The story has moved on, but I will keep the beginning of the next section intact.",
            "The story has moved on to the next section, but I'll keep the beginning of the previous section intact.",
            "I'm ready.", "Now, I'll finish the rest of the story.", "Let's continue with the next part.",
            "Now, we're going to continue with the next section.", "You can go on.", "There are many more words.",
            "But that's all we will get.",
            // From a final quick-start book's chapter 3.
            "I'm ready to continue the story.", "What do you want me to do?", "You've done everything well.",
            "You've done all the work here already.",
            "But I want more detail-filled prose without cluttering what should be several long sentences.",
            "You have no idea what kind of language can create an entire narrative with such precision.",
            // The opening of another book's chapter 2.
            "The story of a lone wolf on a remote island with no companions who finds themselves lost in the depths of the "
                + "ocean to find their way to the hidden city of the gods is a tale of hope and resilience.",
            // From a quick-start book's chapter 3.
            "The tale is about a lighthouse keeper whose love for his crew became untimely when they vanished off the coast of the island.",
        ]
        for line in lines {
            expectDrops("Alistar had sailed for days. \(line) He stood on the shore. ",
                        leaving: "Alistar had sailed for days. He stood on the shore.", as: [.meta])
        }
    }

    @Test func aSentenceLoopingWithinItselfIsDroppedAndTheRestKept() {
        // From a quick-start chapter and a benchmark book, verbatim.
        let keeper = "The keeper listened to the keeper's stories, and the keeper listened to his own, until the keeper reached "
            + "the end of the keeper's story, and the keeper turned back to the keeper's face."
        let figure = "She saw a figure who had walked alone for so long, a figure who carried the weight of the past, a figure "
            + "who had been given a gift, a figure who had changed."
        for line in [keeper, figure] {
            expectDrops("The lamp burned low. \(line) Then the door opened. ",
                        leaving: "The lamp burned low. Then the door opened.", as: [.loop])
        }
        // A name said three times in a long sentence is prose, however plain.
        let plain = "The keeper climbed the stairs, and the keeper lit the lamp, and the keeper watched the sea until dawn."
        expectDrops(plain + " ", leaving: plain, as: [])
    }

    @Test func aSentenceSayingAPhraseAgainStraightAfterIsDroppedAndTheRestKept() {
        // From quick-start chapters, verbatim.
        for line in ["The island was gone, and the island was gone.", "The keeper is lost, the keeper is lost.",
                     "He would take pictures of himself, and he would take pictures of himself again.",
                     "\"The island, the island, the island...\"", "He knew that he would be forever changed, forever changed, forever changed."] {
            expectDrops("The lamp burned low. \(line) Then the door opened. ",
                        leaving: "The lamp burned low. Then the door opened.", as: [.loop])
        }
        // A phrase said again further on, a plain tricolon, a name again: prose.
        for plain in ["They moved on, not just because they wanted to find their way, but also because they wanted to leave their fear behind.",
                      "He set out to find the island, to find the keeper, and to find himself.",
                      "The keeper climbed the stairs, and the keeper lit the lamp.", "Mara, Mara, wait for me!"] {
            expectDrops("The lamp burned low. \(plain) ", leaving: "The lamp burned low. \(plain)", as: [])
        }
    }

    @Test func aSentenceRestatingOneOfTheChapterWithAWordOrTwoChangedIsDropped() {
        // A quick-start chapter's first and last sentences, verbatim, with one between them.
        let first = "The light above the wreckage cast a somber glow over the desolate landscape, and the lone lighthouse "
            + "keeper emerged from the shadows to gaze upon the horizon."
        let again = "The light above the wreckage cast an ominous glow over the desolate landscape."
        expectDrops("\(first) His heart was heavy. \(again) He turned away. ",
                    leaving: "\(first) His heart was heavy. He turned away.", as: [.loop])
        // The same people and places in other sentences are a story going on.
        let onward = "The keeper climbed down from the lighthouse to the wreckage on the rocks below the landscape of the cape."
        expectDrops("\(first) \(onward) ", leaving: "\(first) \(onward)", as: [])
    }

    @Test func aThirdSentenceOpeningAsTwoOfTheLastFourDidIsDropped() {
        // From a quick-start chapter, verbatim.
        let text = "He smiled at himself. He smiled at the keeper who had carried the keeper's message. "
            + "He smiled at himself again. The tide turned. He smiled at himself twice more, a new perspective. "
        expectDrops(text, leaving: "He smiled at himself. He smiled at the keeper who had carried the keeper's message. The tide turned.",
                    as: [.loop, .loop])
        // Openings said again further apart are a voice, not a loop.
        let apart = "She knew the sea. The wind rose. The boat rocked. The gulls cried. She knew the way home. "
            + "The lamp burned. She knew the lamp would hold. "
        expectDrops(apart, leaving: String(apart.dropLast()), as: [])
        // A fourth in a row with the same two first words, the third word changing each time (a saved chapter's, verbatim).
        let looking = "He looked around and saw the ocean, and he smiled. He looked down at his reflection, and he felt calm. "
            + "He looked back and saw the ocean again. He looked up at his reflection and he wept. The tide turned. "
        expectDrops(looking, leaving: "He looked around and saw the ocean, and he smiled. He looked down at his reflection, and he felt calm. "
                    + "He looked back and saw the ocean again. The tide turned.", as: [.loop])
    }

    @Test func aSentenceSayingOnlyWhatTheLastThreeSaidIsDropped() {
        // From quick-start chapters, verbatim.
        let carried = "The islanders continued to carry the torch, and they carried the lantern. "
            + "They carried the flame, and they carried the light. The islanders carried the lantern, and they carried the flame. "
        expectDrops(carried, leaving: "The islanders continued to carry the torch, and they carried the lantern. "
            + "They carried the flame, and they carried the light.", as: [.loop])
        let stories = "He told himself stories about who he used to be, about who he could have been. He told himself stories. "
        expectDrops(stories, leaving: "He told himself stories about who he used to be, about who he could have been.", as: [.loop])
        // The same words further back, or a sentence that adds one, are the story going on.
        let onward = "The keeper lit the lamp. The wind rose. The boat rocked. The gulls cried. The keeper lit the lamp again. "
            + "The keeper lit the lamp for the lost ship. "
        expectDrops(onward, leaving: String(onward.dropLast()), as: [])
    }

    @Test func continuingInDialogueIsKept() {
        let text = "\"Let's continue,\" said the captain. \"I'm ready,\" she said. \"You've done everything well,\" he said. They walked on. "
        expectDrops(text, leaving: String(text.dropLast()), as: [])
    }

    @Test func anInstructionBegunAndRunOnIsDroppedAsEcho() {
        expectEcho("He found the message on the little boat. The chapter is long enough to continue with another sentence. ",
                   of: [ChapterWriter.closeInstruction], leaving: "He found the message on the little boat.")
    }

    @Test func aCharacterOfferingHelpInQuotesIsKept() {
        let text = "\"I'm here to help,\" said the keeper. She handed him the lamp. "
        expectDrops(text, leaving: "\"I'm here to help,\" said the keeper. She handed him the lamp.", as: [])
    }

    @Test func theModelTalkingAboutItsEditsIsDroppedAsMetaTalk() {
        let text = "The lamp burned all night.\n\nI added commas so they didn't interrupt the narrative flow but rather enhance clarity. "
            + "I also rephrased some sentences slightly so they would fit better. She wrote a few words to her mother. "
        expectDrops(text, leaving: "The lamp burned all night. She wrote a few words to her mother.", as: [.meta, .meta])
    }

    @Test func aContinuationTalkingAboutWhatToAddIsDroppedAsMetaTalk() {
        // The bundled model asked to continue a short chapter, verbatim.
        let text = "The tide was out. What can I add?\nThere was no other option left. "
            + "And there were only two more sentences remaining so far:\n1) To keep on going, 2) For your consideration...\n"
            + "She ran."
        expectDrops(text, leaving: "The tide was out.\nThere was no other option left.\nShe ran.", as: [.meta, .meta, .meta])
        #expect(run(["The story of a lighthouse keeper's discovery has reached its climax. She ran."]).shown == "She ran.")
        // The bundled model's guide, talking about itself (verbatim).
        let talk = "Bread is a simple delight. In this passage, I've used a mix of simple language and vivid imagery. "
            + "This introduction sets the tone nicely with simple, clear writing. "
            + "In this next part, I want to share a story about how a simple recipe can change lives. Knead it well."
        expectDrops(talk, leaving: "Bread is a simple delight. Knead it well.", as: [.meta, .meta, .meta])
        #expect(run(["I Here is the completed chapter: x. She ran."]).shown == "She ran.")
        // The bundled model's quick-start book, verbatim.
        let aside = "She smiled. This is another continuation that expands upon the story but does so while maintaining "
            + "the same simple yet impactful narrative style as the previous two stories. "
            + "The story is told in a more lyrical and descriptive manner, with a focus on the island's beauty.\n"
            + "The lamp burned on. Ladies and gentlemen, I have just finished my final segment from this story, and I "
            + "will be continuing the narrative in future episodes.\nThe tide turned."
        expectDrops(aside, leaving: "She smiled.\nThe lamp burned on.\nThe tide turned.", as: [.meta, .meta, .meta])
        expectDrops("She ran. I hope this brings an end to all the tales of escapism.", leaving: "She ran.", as: [.meta])
        // The bundled model's savings guide, verbatim.
        #expect(run(["Save a little. Here is a guide that will help you do it.\nThe end:\n#1.1.\nKeep a budget."]).shown
                == "Save a little.\nKeep a budget.")
        #expect(run(["This is a story that will make you smile. As I continue to write, I smile. She ran."]).shown == "She ran.")
        let prose = "\"What can I do?\" she asked. He wrote two more lines and stopped. In this part of the island, nobody fished."
        #expect(run([prose]).shown == prose)
    }

    @Test func aPostKeepsItsLabelsAndLists() {
        let post = "Why it matters: Builds got faster.\n1) Fewer files.\n2) One cache.\n"
            + "Here's a guide to its checked continuations, in the next few paragraphs."
        let check = ProseCheck.check(post, reference: [])
        #expect(check.text == post)
        #expect(check.dropped.isEmpty)
    }

    @Test func anAttemptOpeningMostlyWithAdviceFailsWholeAndShowsNothing() {
        var sentinel = ChapterGuard(reference: [Self.prompt], titles: [])
        sentinel.startAttempt(keepingHeld: false)
        let advice = "To create an immersive experience for your readers, start with the sea. Ezra wound the clock. "
            + "Your story needs a strong opening line. Descriptive phrases help the reader see the harbour. The tide turned. "
        let step = sentinel.feed(advice + "More")
        #expect(step.shown.isEmpty)
        #expect(step.stop == .violation(.failed, "To create an immersive experience for your readers, start with the sea."))
        #expect(sentinel.accepted.isEmpty)
        #expect(sentinel.wordCount == 0)
        #expect(sentinel.discardedShare == 1)
    }

    @Test func anAttemptOpeningWithOneAsideIsShownOnceJudgedAndEqualsWhatIsKept() {
        var sentinel = ChapterGuard(reference: [Self.prompt], titles: [])
        sentinel.startAttempt(keepingHeld: false)
        let text = "Ezra wound the clock. The tide turned at noon. Your story needs a strong opening line. "
            + "Gulls cried over the harbour. The bell rang twice. A boat came in."
        var shown = ""
        var early = ""
        for (index, character) in text.enumerated() {
            let step = sentinel.feed(String(character))
            #expect(step.stop == nil)
            shown += step.shown
            if index < 60 { early += step.shown }
        }
        shown += sentinel.finish().shown
        // Nothing is shown until the opening is judged; then all of it that is kept.
        #expect(early.isEmpty)
        #expect(shown == "Ezra wound the clock. The tide turned at noon. Gulls cried over the harbour. The bell rang twice. A boat came in.")
        #expect(shown == sentinel.accepted)
        #expect(abs(sentinel.discardedShare - 1.0 / 6.0) < 0.001)
    }

    @Test func aLoopInsideTheOpeningShowsTheCleanOpeningFirst() {
        var sentinel = ChapterGuard(reference: [Self.prompt], titles: [])
        sentinel.startAttempt(keepingHeld: false)
        let step = sentinel.feed("Ezra wound the old clock by the window. Ezra wound the old clock by the window. ")
        #expect(step.shown == "Ezra wound the old clock by the window.")
        #expect(step.stop == .violation(.loop, "Ezra wound the old clock by the window."))
        #expect(sentinel.accepted == step.shown)
    }

    @Test func aPromptEchoThatGoesOnStopsTheAttempt() {
        let text = "The tide was out.\nBook title: The Keeper\nBook summary: a keeper.\n"
            + "Author's instructions: short.\nThis chapter's plan: 250 words of prose in English\nMore."
        let result = run([text])
        #expect(result.shown == "The tide was out.")
        #expect(result.stop == .violation(.echo, "This chapter's plan: 250 words of prose in English"))
    }

    @Test func aBylineAloneIsDroppedButOrdinaryProseIsNot() {
        #expect(run(["By Sarah Linforth\nShe walked by the sea."]).shown == "She walked by the sea.")
        #expect(run(["Chapter two of her life began that winter."]).shown == "Chapter two of her life began that winter.")
        #expect(run(["Chapter Two\nIt rained."]).shown == "It rained.")
        #expect(run(["By noon the fog had lifted."]).shown == "By noon the fog had lifted.")
    }

    @Test func aChapterFarPastItsTargetIsCutAtASentenceEnd() {
        let result = run(["One two three four. Five six. Seven eight nine. Ten."], maximumWords: 8)
        #expect(result.shown == "One two three four. Five six.")
        #expect(result.stop == .longEnough)
    }

    @Test func aChapterCutForLengthInsideASpeechClosesIt() {
        let result = run(["She smiled. \"Sit down now. The kettle is on the stove. Rest.\" "], maximumWords: 8)
        #expect(result.stop == .longEnough)
        #expect(result.shown == "She smiled. \"Sit down now.\"")
        #expect(result.guard.accepted == result.shown)
    }

    @Test func aRunOnBrokenForLengthIsNotWhereAChapterEnds() {
        // 64 words without a sentence end are held and broken at 60; the chapter, past its limit
        // there, still takes the rest of that run-on, so it ends on a full stop.
        let runOn = (1...64).map { "w\($0)" }.joined(separator: " ")
        let result = run(["Start here. " + runOn + ". After that more words follow. End."], maximumWords: 63)
        #expect(result.shown.hasSuffix("w64."), "\(result.shown.suffix(40))")
        #expect(result.stop == .longEnough)
    }

    @Test func aLineBrokenAfterACommaRunsOn() {
        let text = "As the last light faded,\nthe worn wooden beam creaked ominously. Then"
        #expect(ChapterGuard.sentenceEnd(in: text, longest: 60).map { String(text[..<$0]) }
            == "As the last light faded,\nthe worn wooden beam creaked ominously.")
        let heading = "Chapter 3\nThe beam creaked."
        #expect(ChapterGuard.sentenceEnd(in: heading, longest: 60).map { String(heading[..<$0]) } == "Chapter 3")
    }

    @Test func sentenceEndsWaitForWhatFollows() {
        #expect(ChapterGuard.sentenceEnd(in: "He said \"stop.\"", longest: 60) == nil)
        let text = "He said \"stop.\" Then"
        #expect(ChapterGuard.sentenceEnd(in: text, longest: 60).map { String(text[..<$0]) } == "He said \"stop.\"")
    }
}

/// Gives the same vector to sentences of the same words and orthogonal ones otherwise: a
/// paraphrase check that finds exactly the sentences said again.
struct ExactEncoder: SentenceEncoder {
    func vectors(_ texts: [String]) -> [[Float]] {
        texts.map { text in
            var vector = [Float](repeating: 0, count: 4096)
            vector[Int(ContentHash.value(of: WordRuns.words(text).joined(separator: " ")) % 4096)] = 1
            return vector
        }
    }
}
