import FolioPublishing
import Foundation

/// What a fact of a post's sources is about, by the file it is in and the README section
/// headings above it: the project itself, setting it up, or how it is run (contributing,
/// licence, conduct, releases), which says nothing of the project.
enum FactTopic {
    /// What the project is and does.
    case project
    /// Installing, building or getting started: steps, not news.
    case setup
    /// How the project is run: contributing, licence, conduct, security, credits, releases.
    case process

    /// The topic of `fact`, from `snapshot`'s sources: a document about how the project is run
    /// (`CONTRIBUTING.md`, `Documentation/Internals/ReleaseChecklist.md`, a design proposal:
    /// swift-log's post opened "Here is how to add a new parameter to the existing method.",
    /// from `Docs.docc/Proposals/SLG-0005-…md`) is `.process`, a line
    /// of the README is what its section is about, anything else `.project`.
    static func of(_ fact: PostFact, in snapshot: RepositorySnapshot) -> FactTopic {
        if isProcess(path: fact.file) { return .process }
        guard let readme = snapshot.sources.first(where: { $0.kind == .readme && $0.path == fact.file }) else { return .project }
        return topic(ofLine: fact.firstLine, in: readme.text)
    }

    /// Whether the document at `path` is about how the project is run.
    static func isProcess(path: String) -> Bool {
        path.range(of: processPath, options: [.regularExpression, .caseInsensitive]) != nil
    }

    /// Paths of documents on how the project is run.
    static let processPath = #"(^|/)(internals?|governance|proposals?|rfcs?|evolution)/|contributing|code_of_conduct|release.?checklist|releasing|security\.md|maintainers"#

    /// The topic of the section holding line `line` (1-based) of `readme`, from its heading and
    /// those it is under ("### Proposing a new data structure" under "## Contributing" is about
    /// contributing), outside code blocks; `.project` before the first heading.
    static func topic(ofLine line: Int, in readme: String) -> FactTopic {
        let lines = readme.split(separator: "\n", omittingEmptySubsequences: false).prefix(max(0, line - 1)).map(String.init)
        let code = MarkdownCode.lines(lines)
        var headings: [(level: Int, text: Substring)] = []
        for (index, text) in lines.enumerated() where !code[index] {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("#") else { continue }
            let level = trimmed.prefix { $0 == "#" }.count
            headings.removeAll { $0.level >= level }
            headings.append((level, Substring(trimmed)))
        }
        let matches = { (pattern: String) in
            headings.contains { $0.text.range(of: pattern, options: [.regularExpression, .caseInsensitive]) != nil }
        }
        if matches(processHeading) { return .process }
        if matches(setupHeading) { return .setup }
        return .project
    }

    /// Headings of sections on how the project is run.
    static let processHeading = #"contribut|\blicen[cs]e|code of conduct|\bsecurity\b|acknowledg|\bcredits\b|sponsor|governance|maintainers|\bauthors\b|release process|source stability|\bversioning\b|project status"#

    /// Headings of sections on setting the project up.
    static let setupHeading = #"\binstall|getting started|\bset ?up\b|\bbuilding\b|\brequirements\b"#
}
