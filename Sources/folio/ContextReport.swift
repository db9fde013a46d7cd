import FolioRuntime

/// `folio context`'s output: the JSON document of the command contract, and a readable table.
struct ContextReport: Encodable {
    struct Section: Encodable {
        let priority: String
        let kind: String
        let chapter: Int?
        let tokens: Int
        let truncated: Bool
        let text: String
    }

    let budget: Int
    let totalTokens: Int
    let window: [Int]
    let sections: [Section]

    enum CodingKeys: String, CodingKey {
        case budget, window, sections
        case totalTokens = "total_tokens"
    }

    init(_ allocation: ContextAllocation) {
        budget = allocation.budget
        totalTokens = allocation.totalTokens
        window = allocation.window
        sections = allocation.sections.map {
            Section(priority: $0.priority.rawValue, kind: $0.kind.rawValue, chapter: $0.chapter, tokens: $0.tokens,
                    truncated: $0.truncated, text: $0.text)
        }
    }

    /// One line per section, in prompt order, then the total against the budget.
    static func table(_ allocation: ContextAllocation, chapter: Int, encoding: String?) -> String {
        var lines = ["Context for chapter \(chapter) (\(encoding ?? "utf8-bytes") tokens):", ""]
        lines.append(pad("PRIORITY", 10) + pad("KIND", 16) + pad("CHAPTER", 8) + pad("TOKENS", 8, right: true) + "  TEXT")
        for section in allocation.sections {
            let flat = section.text.split(whereSeparator: \.isNewline).joined(separator: " ")
            let preview = flat.count > 60 ? flat.prefix(57) + "..." : Substring(flat)
            lines.append(pad(section.priority.rawValue, 10) + pad(section.kind.rawValue, 16)
                + pad(section.chapter.map(String.init) ?? "-", 8) + pad(String(section.tokens), 8, right: true)
                + "  " + (section.truncated ? "[shortened] " : "") + preview)
        }
        let window = allocation.window.isEmpty ? "none" : allocation.window.map(String.init).joined(separator: ", ")
        lines.append("")
        lines.append("total \(allocation.totalTokens) of \(allocation.budget) tokens; sliding window: \(window)")
        return lines.joined(separator: "\n") + "\n"
    }

    private static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let space = String(repeating: " ", count: max(1, width - text.count))
        return right ? space + text : text + space
    }
}
