/// What sort of book is asked for, which decides how its plan and chapters are asked for:
/// a story, or a practical guide that explains and advises.
///
/// Told to write "the next part of the story" and shown a fable as the plan's example, the
/// bundled model turned "a practical guide to baking everyday bread" into a tale of a baker's
/// last stand, and a teenager's savings guide into a wizard's quest.
public enum BookKind: String, Sendable, Codable, CaseIterable {
    /// A novel, tale or any book told as a story (the default).
    case fiction
    /// A guide, handbook or course: a book that teaches the reader to do something.
    case guide

    /// The kind the title and instructions ask for: a guide when they say so in more words
    /// ("a practical guide", "for beginners", "how to") than they name a story; a story otherwise.
    public init(title: String, instructions: String) {
        let text = " " + (title + " " + instructions).lowercased()
            .map { $0.isLetter || $0 == "'" ? $0 : " " }.map(String.init).joined() + " "
        func count(_ phrases: [String]) -> Int { phrases.filter { text.contains(" \($0) ") }.count }
        self = count(Self.guidePhrases) > count(Self.storyPhrases) ? .guide : .fiction
    }

    private static let guidePhrases = [
        "guide", "guidebook", "handbook", "manual", "how to", "beginners", "beginner's", "tutorial", "primer",
        "introduction to", "course", "lessons", "cookbook", "recipes", "tips", "step by step", "practical",
        "workbook", "techniques", "explained", "teaches", "learn", "self help",
    ]

    private static let storyPhrases = [
        "novel", "novella", "story", "stories", "tale", "tales", "fable", "fairy", "mystery", "thriller", "fantasy",
        "romance", "saga", "adventure", "epic", "poem", "fiction", "hero", "heroine", "detective", "quest",
    ]
}

extension Book {
    /// What sort of book this is: as planned, or from its title and instructions.
    public var writtenAs: BookKind { kind ?? BookKind(title: title, instructions: instructions) }
}

extension BookRequest {
    /// What sort of book is asked for: as chosen, or from its title and instructions.
    public var writtenAs: BookKind { kind ?? BookKind(title: title, instructions: instructions) }
}
