import Testing
import FolioProviders
@testable import FolioBooks
import FolioTesting

/// A guide is planned and written as a guide, a story as a story.
@Suite struct BookKindTests {
    @Test(arguments: [
        ("Bread at Home", "A practical guide to baking everyday bread in a home kitchen, for complete beginners.", BookKind.guide),
        ("Saving Your First Thousand", "A friendly guide for teenagers on earning, budgeting and saving their first thousand dollars.", .guide),
        ("Swift in Practice", "How to write and test a command-line tool, step by step.", .guide),
        ("The Lighthouse Keeper", "A short novel about a lighthouse keeper on a remote island who finds a message in a bottle.", .fiction),
        ("Harbor Lights", "A quiet mystery in a fishing town where the harbor lights go out one by one.", .fiction),
        ("The Clockmaker's Apprentice", "A young apprentice discovers that her master's clocks can stop time.", .fiction),
        ("The Guide", "A fantasy novel about a mountain guide who leads a lost prince home.", .fiction),
    ])
    func theKindIsReadFromTitleAndInstructions(title: String, instructions: String, kind: BookKind) {
        #expect(BookKind(title: title, instructions: instructions) == kind)
    }

    /// Writes a two-chapter book planned one chapter at a time and returns every request made,
    /// and the saved book.
    func written(title: String, instructions: String, kind: BookKind? = nil) async throws -> ([ChatRequest], Book?) {
        try await withTemporaryDirectory { directory in
            let provider = ScriptedProvider(replies: [
                .text([#"{"name":"Flour and Water","summary":"Mix flour, water, yeast and salt into a shaggy bread dough."}"#]),
                .text([#"{"name":"The First Loaf","summary":"Shape the bread dough, let it rise, and bake it until it sounds hollow."}"#]),
                .text(["Weigh the flour first."]),
                .text(["Heat the oven early."]),
            ])
            var options = BookPipeline.Options()
            options.plansOutlineByChapter = true
            var request = BookRequest(title: "Bread", instructions: instructions, language: "English",
                                      chapters: 2, wordsPerChapter: 4)
            request.kind = kind
            let store = BookStore(directory: directory.path)
            _ = try await BookPipeline(store: store, chain: ProviderChain(tiers: [provider]), options: options)
                .run(request) { _ in }
            return (provider.requests, try store.load(slug: "bread"))
        }
    }

    @Test func aGuideIsPlannedFromAGuidesExampleAndWrittenAsAGuide() async throws {
        let (guide, guideBook) = try await written(title: "Bread", instructions: "A practical guide to baking bread for beginners.")
        #expect(guideBook?.kind == .guide, "the kind is recorded, so a resumed book is written the same way")
        #expect(guide.count == 4)
        #expect(guide[0].messages[1].content.contains("growing tomatoes"))
        #expect(guide[0].messages.last?.content.contains("What does the reader need first?") == true)
        #expect(guide[2].messages.first?.content == "Write the next part of the guide.")
        let (story, _) = try await written(title: "Bread", instructions: "A short novel about a baker who loses her oven.")
        #expect(story[0].messages[1].content.contains("A fable about a fox"))
        #expect(story[2].messages.first?.content == "Write the next part of the story.")
    }

    @Test func aChosenKindOverridesTheOneReadFromTheInstructions() async throws {
        let (requests, book) = try await written(title: "Bread", instructions: "Everyday loaves for a home kitchen.",
                                                 kind: .guide)
        #expect(requests[2].messages.first?.content == "Write the next part of the guide.")
        #expect(book?.kind == .guide)
        var old = try #require(book)
        old.kind = nil  // a book.json written before the kind was recorded
        #expect(old.writtenAs == .fiction)
    }
}
