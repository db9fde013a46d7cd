import Foundation

/// Which lines of a Markdown text are code: a fence (a line beginning, after spaces, with
/// ```) and every line between a fence and the next.
enum MarkdownCode {
    /// For each of `lines`, whether it is code.
    static func lines(_ lines: [String]) -> [Bool] {
        var inCode = false
        return lines.map { line in
            guard line.trimmingCharacters(in: .whitespaces).hasPrefix("```") else { return inCode }
            inCode.toggle()
            return true
        }
    }
}
