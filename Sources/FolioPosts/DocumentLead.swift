import Foundation

/// Where a README (or a documentation front page) says what its project is: the paragraph of
/// prose it opens with, before its first section, or else the first section headed as such
/// ("What is GRDB?", "About", "Overview", "Introduction").
///
/// A README's opening is often no prose at all: GRDB's is a logo, badges and a list of
/// contacts, and its own account of itself is under "## What is GRDB?"; swift-argument-parser's
/// README has none, and its documentation's front page (`ArgumentParser.md`) an "Overview".
enum DocumentLead {
    /// The project's own account of itself in `snapshot`: the lead of its README, else that of
    /// its documentation's front page (a docs file named after the project, or `index`,
    /// `overview`, `introduction`; the shallowest first); `nil` when neither has one.
    static func of(_ snapshot: RepositorySnapshot) -> (source: RepositorySource, lines: [ClosedRange<Int>])? {
        let letters = { (text: String) in String(text.lowercased().filter { $0.isLetter }) }
        let name = letters(snapshot.name)
        let frontPages = snapshot.sources.filter { source in
            guard source.kind == .docs else { return false }
            let base = letters(URL(fileURLWithPath: source.path).deletingPathExtension().lastPathComponent)
            // A name of four letters or more: "a.md" is in most projects' names.
            return (base.count >= 4 && name.contains(base)) || ["index", "overview", "introduction", "readme"].contains(base)
        }.sorted { $0.path.split(separator: "/").count < $1.path.split(separator: "/").count }
        for source in snapshot.sources.filter({ $0.kind == .readme }).prefix(1) + frontPages {
            let lines = paragraphs(of: source.text)
            if !lines.isEmpty { return (source, lines) }
        }
        return nil
    }

    /// The 1-based lines of the lead of `document`: its opening paragraph of prose and the first
    /// of a section headed as an introduction, either of them when only one is there (Swift
    /// Configuration's README opens "A Swift library for reading configuration in applications
    /// and libraries." and says under "## Overview" what it does); empty when it has none.
    static func paragraphs(of document: String) -> [ClosedRange<Int>] {
        let lines = document.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let code = MarkdownCode.lines(lines)
        var titled = false
        var firstSection: Int?
        var headed: Int?
        for (index, line) in lines.enumerated() where !code[index] {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("#") else { continue }
            if headed == nil, trimmed.range(of: Self.leadHeading, options: [.regularExpression, .caseInsensitive]) != nil {
                headed = index
            }
            // The title (`# Name`, before any prose) opens the README; any other heading opens a section.
            if !titled, firstSection == nil, trimmed.hasPrefix("# "), !lines[..<index].contains(where: isProse) {
                titled = true
                continue
            }
            firstSection = firstSection ?? index
        }
        let opening = firstProseParagraph(lines, code: code, in: 0..<(firstSection ?? lines.count))
        guard let headed else { return opening.map { [$0] } ?? [] }
        let end = lines.indices[(headed + 1)...].first { !code[$0] && lines[$0].trimmingCharacters(in: .whitespaces).hasPrefix("#") }
            ?? lines.count
        return [opening, firstProseParagraph(lines, code: code, in: (headed + 1)..<end)].compactMap { $0 }
    }

    /// The words of a sentence that says something, as a fact of a post must: a tagline
    /// ("Straightforward, type-safe argument parsing for Swift.") is no account of the project.
    static let minimumWords = 8

    /// A heading that introduces the project.
    static let leadHeading = #"^#+\s*(what\s+is\b|what's\b|about\b|overview\b|introduction\b)"#

    /// The lines of the first paragraph in `range` with a sentence of prose (``hasSentence(_:)``),
    /// not a list item, heading, table, HTML or code (the lines `code` marks).
    private static func firstProseParagraph(_ lines: [String], code: [Bool], in range: Range<Int>) -> ClosedRange<Int>? {
        var start: Int?
        for index in range {
            let prose = !code[index] && isProse(lines[index])
            if prose, start == nil { start = index }
            if !prose, let first = start {
                if hasSentence(lines[first..<index]) { return (first + 1)...index }
                start = nil
            }
        }
        if let first = start, hasSentence(lines[first..<range.upperBound]) { return (first + 1)...range.upperBound }
        return nil
    }

    /// A line of running text: not blank, a heading, a list item, a table row, HTML or a fence.
    private static func isProse(_ line: String) -> Bool {
        let line = line.trimmingCharacters(in: .whitespaces)
        return !line.isEmpty && !line.hasPrefix("#") && !line.hasPrefix("|") && !line.hasPrefix("<") && !line.hasPrefix("```")
            && line.range(of: #"^([-*+>]|\d+[.)])\s"#, options: .regularExpression) == nil
    }

    /// Whether `lines` hold a sentence: ``minimumWords`` or more, begun with a letter, ended with
    /// a full stop, question or exclamation mark before a space or the end ("version 7.10.0" ends none).
    private static func hasSentence(_ lines: ArraySlice<String>) -> Bool {
        let text = lines.map { FactCandidates.clean($0) }.joined(separator: " ") + " "
        var start = text.startIndex
        while let end = text[start...].range(of: #"[.!?]\s"#, options: .regularExpression) {
            let words = text[start..<end.lowerBound].split(separator: " ")
            if words.count >= minimumWords, words.first?.first?.isLetter == true { return true }
            start = end.upperBound
        }
        return false
    }
}
