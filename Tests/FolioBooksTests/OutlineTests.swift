import Testing
@testable import FolioBooks

@Suite struct OutlineTests {
    @Test func parsesJSONInsideFenceAndProse() throws {
        let answer = """
            Here is the plan:
            ```json
            {"summary": "A keeper finds a letter.", "chapters": [
              {"title": "Chapter 1: The Storm", "summary": "A storm hits."},
              {"title": "  The   Bottle ", "summary": "A bottle washes up."}
            ]}
            ```
            """
        let outline = try Outline.parse(answer, expectedChapters: 2)
        #expect(outline.summary == "A keeper finds a letter.")
        #expect(outline.chapters == [
            OutlineEntry(number: 1, title: "The Storm", summary: "A storm hits."),
            OutlineEntry(number: 2, title: "The Bottle", summary: "A bottle washes up."),
        ])
    }

    @Test func extraChaptersAreCutToTheRequestedCount() throws {
        let answer = #"{"summary":"s","chapters":[{"title":"A one","summary":"x"},{"title":"B two","summary":"y"},{"title":"C three","summary":"z"}]}"#
        #expect(try Outline.parse(answer, expectedChapters: 2).chapters.map(\.title) == ["A one", "B two"])
    }

    @Test(arguments: [
        ("no json at all", "the answer contains no JSON object"),
        (#"{"summary": "s", "chapters": [{"title": "Only"}]"#,
         #"the JSON is malformed or lacks "summary" and "chapters" with "title" and "summary""#),
        (#"{"summary": "s", "chapters": [{"name": "x"}]}"#,
         #"the JSON is malformed or lacks "summary" and "chapters" with "title" and "summary""#),
        (#"{"summary": "s", "chapters": [{"title": "One", "summary": "a"}]}"#,
         "it lists 1 chapters; exactly 2 are needed"),
        (#"{"summary": "s", "chapters": [{"title": ",", "summary": "a"}, {"title": "Two", "summary": "b"}]}"#,
         #"chapter 1 has no real title (",")"#),
    ])
    func rejectsBadOutlinesWithAReasonForTheModel(answer: String, reason: String) {
        #expect(throws: OutlineError(reason)) { try Outline.parse(answer, expectedChapters: 2) }
    }

    @Test func schemaIsValidJSONAndFixesTheChapterCount() throws {
        let schema = Outline.jsonSchema(chapterCount: 4)
        let object = try JSONSerialization.jsonObject(with: Data(schema.utf8)) as? [String: Any]
        let chapters = (object?["properties"] as? [String: Any])?["chapters"] as? [String: Any]
        #expect(chapters?["minItems"] as? Int == 4)
        #expect(chapters?["maxItems"] as? Int == 4)
    }

    @Test func aSummaryHeadedWithItsOwnTitleLosesTheLabel() throws {
        let entry = try #require(Outline.parseEntry(
            #"{"name": "The Unearned Savings", "summary": "Unearned Savings: save a little of every paycheck."}"#, number: 3))
        #expect(entry.summary == "Save a little of every paycheck.")
        // A colon that is part of the sentence stays.
        #expect(Outline.withoutTitleLabel("Mara learns one rule: never leave the lamp.", title: "The Rule")
                == "Mara learns one rule: never leave the lamp.")
    }

    @Test func aSummaryCutOffByItsLengthLimitKeepsItsWholeSentences() {
        #expect(Outline.wholeSentences("Mara finds a bottle. The message is a warning to the crew to leave in")
                == "Mara finds a bottle.")
        #expect(Outline.wholeSentences("Mara finds a bottle on the beach") == "Mara finds a bottle on the beach")
        #expect(Outline.wholeSentences("The keeper finds a message in a bottle, and she sets out to decipher it, but soon")
                == "The keeper finds a message in a bottle, and she sets out to decipher it.")
        #expect(Outline.wholeSentences("Mara finds it, and then") == "Mara finds it, and then")
        #expect(Outline.wholeSentences("Mara finds a bottle.") == "Mara finds a bottle.")
        #expect(Outline.ended("Mara finds a bottle on the beach") == "Mara finds a bottle on the beach.")
        #expect(Outline.ended("Mara finds a bottle?") == "Mara finds a bottle?")
        #expect(Outline.ended("") == "")
    }

    @Test func aStepSummaryStoppedAtTheGrammarsLimitIsTrimmedAsCut() throws {
        // The bundled model's, verbatim: the grammar let it end only with a stop at 150 characters.
        let cut = "The island has a lighthouse keeper, who is the only one who can see the message in the bottle, "
            + "and he is determined to find it, but he is so far from ."
        #expect(cut.count == Outline.stepSummaryCharacters + 1)
        #expect(Outline.wholeSentences(Outline.unforced(cut))
                == "The island has a lighthouse keeper, who is the only one who can see the message in the bottle, "
                + "and he is determined to find it.")
        let whole = "Mara finds a bottle on the shore."
        #expect(Outline.unforced(whole) == whole)
        // Two more of the bundled model's, verbatim: no comma to fall back to, so each ends at its last clause.
        let runOn = "A lighthouse keeper's encounter with the ghost of a lost cat sets the stage for a story that will "
            + "explore the power of trust and the importance of a l."
        #expect(runOn.count == Outline.stepSummaryCharacters + 1)
        #expect(Outline.wholeSentences(Outline.unforced(runOn))
                == "A lighthouse keeper's encounter with the ghost of a lost cat sets the stage for a story that will "
                + "explore the power of trust.")
        let walking = "A lighthouse keeper on a remote island finds a message from the lighthale man who was walking down "
            + "the beach with his crew when he stumbled upon a map."
        #expect(Outline.wholeSentences(Outline.unforced(walking))
                == "A lighthouse keeper on a remote island finds a message from the lighthale man who was walking down "
                + "the beach with his crew.")
        // A short summary that merely lacks its stop is not cut at a clause.
        #expect(Outline.wholeSentences("Mara finds the bottle that her father threw") == "Mara finds the bottle that her father threw")
        // As parsed from a step's answer, before spacing is tidied.
        let parsed = try #require(Outline.parseEntry(#"{"name": "The Far Shore", "summary": "\#(cut)"}"#, number: 3))
        #expect(Outline.wholeSentences(parsed.summary)
                == "The island has a lighthouse keeper, who is the only one who can see the message in the bottle, "
                + "and he is determined to find it.")
        #expect(parsed.title == "The Far Shore")
        // The schema's limit is the one named.
        let schema = try JSONSerialization.jsonObject(with: Data(Outline.stepSchema.utf8)) as? [String: Any]
        let summary = (schema?["properties"] as? [String: Any])?["summary"] as? [String: Any]
        #expect((summary?["pattern"] as? String)?.contains(",\(Outline.stepSummaryCharacters)}") == true)
    }
}

import Foundation

extension OutlineTests {
    @Test func aTitleThatLoopsOnOnePhraseIsThatPhraseOnce() {
        #expect(Outline.collapsingRepeats("The Lost Man, The Lost Man, The Lost Man") == "The Lost Man")
        #expect(Outline.collapsingRepeats("Night Night Night") == "Night")
        #expect(Outline.collapsingRepeats("New York, New York") == "New York, New York")
        #expect(Outline.collapsingRepeats("The Lost Man: A Lost Man") == "The Lost Man: A Lost Man")
        #expect(Outline.collapsingRepeats("Tick, Tock") == "Tick, Tock")
        #expect(Outline.parseEntry(#"{"title":"The Lost Man, The Lost Man, The Lost Man","summary":"Mara finds the lost man."}"#, number: 3)?.title
            == "The Lost Man")
    }
}
