import Foundation
/// A word-level diff of two texts, in the notation of `git diff --word-diff`:
/// `[-removed words-]{+added words+}`, unchanged words as they are.
public enum WordDiff {
    /// One run of the diff.
    public enum Run: Sendable, Equatable {
        case same(String), removed(String), added(String)
    }

    /// The runs turning `old` into `new` (longest common subsequence of words; line breaks are words).
    public static func runs(_ old: String, _ new: String) -> [Run] {
        let a = tokens(old), b = tokens(new)
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        var runs: [Run] = []
        func add(_ run: Run) {
            switch (runs.last, run) {
            case (.same(let x)?, .same(let y)): runs[runs.count - 1] = .same(x + " " + y)
            case (.removed(let x)?, .removed(let y)): runs[runs.count - 1] = .removed(x + " " + y)
            case (.added(let x)?, .added(let y)): runs[runs.count - 1] = .added(x + " " + y)
            default: runs.append(run)
            }
        }
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                add(.same(a[i])); i += 1; j += 1
            } else if i < a.count, j == b.count || table[i + 1][j] >= table[i][j + 1] {
                // Removals before additions, as `git diff --word-diff` shows them.
                add(.removed(a[i])); i += 1
            } else {
                add(.added(b[j])); j += 1
            }
        }
        return runs
    }

    /// The diff as text: runs joined by spaces, none at the edges of a line break.
    public static func render(_ old: String, _ new: String) -> String {
        var output = ""
        var atLineStart = true
        for run in runs(old, new) {
            let (text, piece) = switch run {
            case .same(let text): (text, text)
            case .removed(let text): (text, "[-\(text)-]")
            case .added(let text): (text, "{+\(text)+}")
            }
            if !atLineStart, !text.hasPrefix("\n") { output += " " }
            output += piece
            atLineStart = text.hasSuffix("\n")
        }
        return output.replacingOccurrences(of: #" *\n *"#, with: "\n", options: .regularExpression)
    }

    /// Words and line breaks (a blank line is one `\n` token per break).
    static func tokens(_ text: String) -> [String] {
        text.components(separatedBy: "\n").enumerated().flatMap { index, line -> [String] in
            (index == 0 ? [] : ["\n"]) + line.split(separator: " ").map(String.init)
        }
    }
}
