import FolioProviders
import Foundation

/// A provider that does on purpose what small models do by accident, so the book-quality
/// benchmark can show each guard firing: its outline repeats one entry (the book's title)
/// for every chapter, and a chapter's first answer loops, copies its prompt, echoes the
/// prompt's labels or stops far short, by chapter number. Asked again (a resample, a
/// continuation or a single outline entry) it answers well.
struct MisbehavingProvider: LanguageModelProvider {
    let name = "misbehaving"
    let defaultModel = "scripted"

    static let titles = ["Salt on the Glass", "The Green Bottle", "An Island Letter", "The Last Lamp", "Low Tide", "North Wind"]
    static let summaries = [
        "A storm drives a fishing boat onto the rocks below the tower.",
        "Mara finds a sealed green bottle tangled in the weed at dawn.",
        "The letter names an island and a woman still waiting there.",
        "Mara rows out through the fog and lights the island's old lamp.",
        "The tide uncovers a causeway that nobody has walked for years.",
        "A cold wind brings the first ship home in twenty winters.",
    ]

    func stream(_ request: ChatRequest) -> AsyncThrowingStream<StreamEvent, any Error> {
        let text = answer(request)
        return AsyncThrowingStream { continuation in
            // Word by word, as a model streams.
            for piece in text.split(separator: " ", omittingEmptySubsequences: false).enumerated()
                .map({ $0.offset == 0 ? String($0.element) : " " + $0.element }) {
                continuation.yield(.text(piece))
            }
            continuation.yield(.finish(.stop))
            continuation.finish()
        }
    }

    private func answer(_ request: ChatRequest) -> String {
        let purpose = (request.purpose ?? "").split(separator: ":").map(String.init)
        let prompt = request.messages.first { $0.role == .user }?.content ?? ""
        switch purpose.first {
        case "outline" where purpose.count == 2:
            let title = prompt.firstMatch(of: /titled "([^"]+)"/).map { String($0.1) } ?? "Book"
            let count = Int(prompt.firstMatch(of: /exactly (\d+) chapters/).map { String($0.1) } ?? "4") ?? 4
            let entry = #"{"title":"\#(title)","summary":"The story of \#(title)."}"#
            return #"{"summary":"A keeper finds a bottle and follows its letter to an island.","chapters":["#
                + Array(repeating: entry, count: count).joined(separator: ",") + "]}"
        case "outline":
            let number = Int(purpose.last ?? "1") ?? 1
            let index = (number - 1) % Self.titles.count
            return #"{"title":"\#(Self.titles[index])","summary":"\#(Self.summaries[index])"}"#
        case "summary":
            return "Mara keeps the lamp and the sea keeps its secrets."
        default:
            let number = Int(purpose.last ?? "1") ?? 1
            let retry = request.messages.count > 2 || (request.repetition?.dryMultiplier ?? 0) > 1
            return retry ? Self.prose(seed: number * 31 + request.messages.count, sentences: 40)
                : misbehaviour(chapter: number, prompt: prompt)
        }
    }

    private func misbehaviour(chapter: Int, prompt: String) -> String {
        let clean = Self.prose(seed: chapter, sentences: 6)
        switch chapter % 4 {
        case 1:  // invented heading and byline, then a loop
            let loop = "The lamp turned slowly over the black and silent water."
            return "## Chapter \(chapter): A Book Called Harborlights\n### By: Sarah Linforth\n\n" + clean + " "
                + Array(repeating: loop, count: 8).joined(separator: " ")
        case 2:  // the prompt copied back
            let words = prompt.split(whereSeparator: \.isWhitespace)
            return clean + " " + words.prefix(60).joined(separator: " ")
        case 3:  // the prompt's labels echoed
            return "Book title: The Book\nBook summary: A book.\nAuthor's instructions: Write it.\n"
                + "This chapter's plan: 250 words of prose in English\nIn this chapter, we will see the sea."
        default:  // far too short
            return Self.prose(seed: chapter, sentences: 2)
        }
    }

    /// Varied sentences with no repeated sentence and no repeated run of eight words.
    static func prose(seed: Int, sentences: Int) -> String {
        let subjects = ["Mara", "The old keeper", "Her brother", "A fisherman", "The harbour master", "Young Tomas", "The widow"]
        let verbs = ["watched", "carried", "mended", "counted", "painted", "found", "followed", "weighed", "hid", "opened", "lost"]
        let objects = ["net", "lantern", "ledger", "rope", "compass", "oar", "kettle", "map", "bell", "coat", "knife", "key", "chart"]
        let places = ["by the gate", "on the pier", "under the stairs", "near the boats", "in the rain", "at first light",
                      "beside the well", "past the chapel", "along the dunes"]
        return (0..<sentences).map { index in
            let i = seed * 17 + index
            return "\(subjects[i % 7]) \(verbs[(i * 3) % 11]) the \(objects[(i * 5) % 13]) \(places[(i * 2) % 9])."
        }.joined(separator: " ")
    }
}
