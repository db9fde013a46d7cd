import Foundation

/// Light Markdown (what a model writes in a post) to plain text: emphasis markers, heading
/// marks, code fences and link syntax removed, list items as lines, trailing hashtag lines
/// taken out as tags.
enum PlainText {
    /// The text's paragraphs (lines inside one kept, blank lines between them dropped) and the
    /// hashtags of any hashtag-only lines at its end.
    static func paragraphs(fromMarkdown markdown: String) -> (paragraphs: [String], hashtags: [String]) {
        var lines = markdown.replacingOccurrences(of: "\r\n", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var hashtags: [String] = []
        while let last = lines.last {
            let trimmed = last.trimmingCharacters(in: .whitespaces)
            let words = trimmed.split(separator: " ")
            if trimmed.isEmpty {
                lines.removeLast()
            } else if words.allSatisfy({ $0.hasPrefix("#") && $0.count > 1 && !$0.dropFirst().hasPrefix("#") }) {
                hashtags = words.map { String($0.dropFirst()) } + hashtags
                lines.removeLast()
            } else {
                break
            }
        }
        var paragraphs: [String] = []
        var current: [String] = []
        for line in lines {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") { continue }
            if trimmed.isEmpty {
                if !current.isEmpty { paragraphs.append(current.joined(separator: "\n")) }
                current = []
                continue
            }
            current.append(plainLine(trimmed))
        }
        if !current.isEmpty { paragraphs.append(current.joined(separator: "\n")) }
        return (paragraphs.filter { !$0.isEmpty }, hashtags)
    }

    /// One line without block and inline markup.
    static func plainLine(_ line: String) -> String {
        var line = Substring(line)
        if let level = MarkdownText.headingLevel(line) {
            line = line.dropFirst(level).drop { $0 == " " }
        }
        while line.hasPrefix(">") { line = line.dropFirst().drop { $0 == " " } }
        var prefix = ""
        if line.hasPrefix("- ") || line.hasPrefix("* ") || line.hasPrefix("+ ") {
            prefix = "• "
            line = line.dropFirst(2)
        }
        return prefix + inline(String(line))
    }

    /// Inline Markdown to text: `**b**`, `*i*`, `_i_`, `~~s~~`, `` `c` `` lose their markers,
    /// `[text](url)` becomes `text (url)`, `![alt](url)` becomes `alt`.
    static func inline(_ text: String) -> String {
        var output = ""
        let characters = Array(text)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character == "!" || character == "[",
               let (label, url, end) = link(in: characters, at: character == "!" ? index + 1 : index) {
                output += character == "!" ? label : (url.isEmpty || url == label ? label : "\(label) (\(url))")
                index = end
                continue
            }
            if character == "`" {
                index += 1
                continue
            }
            if character == "~", index + 1 < characters.count, characters[index + 1] == "~" {
                index += 2
                continue
            }
            if character == "*" || character == "_" {
                // Markers only: an underscore or star inside a word (snake_case, 2*3) stays.
                let before = index > 0 ? characters[index - 1] : " "
                var run = index
                while run < characters.count, characters[run] == character { run += 1 }
                let after = run < characters.count ? characters[run] : " "
                let isMarker = !(before.isLetter || before.isNumber) || !(after.isLetter || after.isNumber)
                if isMarker {
                    index = run
                    continue
                }
            }
            output.append(character)
            index += 1
        }
        return output
    }

    /// `[label](url)` starting at `start`: its parts and the index after it.
    private static func link(in characters: [Character], at start: Int) -> (String, String, Int)? {
        guard start < characters.count, characters[start] == "[",
              let close = characters[start...].firstIndex(of: "]"),
              close + 1 < characters.count, characters[close + 1] == "(",
              let end = characters[(close + 1)...].firstIndex(of: ")") else { return nil }
        let label = inline(String(characters[(start + 1)..<close]))
        let url = String(characters[(close + 2)..<end]).trimmingCharacters(in: .whitespaces)
        return (label, url, end + 1)
    }
}
