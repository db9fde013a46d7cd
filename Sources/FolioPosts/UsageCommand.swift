import Foundation

/// The first command a README gives its reader to run (`pip install distro`,
/// `scripts/quickstart`), which closes a post as its "Try it:" line.
///
/// A how-to opening line promises the reader a way in; the body's sentences, one per fact,
/// rarely keep that promise, and a small model's paraphrase of a command is wrong more often than
/// not. The README's own command, taken verbatim from its first shell block with the line it
/// stands on, is what the reader needs, the way a post ends with a link. It is the sources'
/// text, labelled as such, never the model's.
public struct UsageCommand: Sendable, Equatable {
    /// The command, without prompt or trailing comment.
    public var command: String
    /// The file it was taken from.
    public var file: String
    /// Its line in that file, 1-based.
    public var line: Int

    /// Fence info strings of shell blocks.
    static let shells: Set = ["sh", "bash", "shell", "console", "zsh", "shell-session", "sh-session", "terminal"]
    /// First words of a command in a fence without an info string.
    static let tools: Set = ["pip", "pip3", "pipx", "npm", "npx", "yarn", "pnpm", "cargo", "go", "swift", "brew", "make",
                             "docker", "gem", "composer", "uv", "poetry", "apt", "apt-get", "conda", "mix", "dotnet",
                             "gradle", "mvn", "bundle", "deno", "bun", "python", "python3", "node"]
    /// Steps before the command itself, skipped when the block has a later one.
    static let preliminaries: Set = ["cd", "git", "mkdir", "export", "source", "."]
    /// Longest command kept: a post is not the place for a pipeline.
    static let longest = 90

    /// What a fenced block may hold.
    private enum Block { case shell, untyped, other }

    /// The first command of the first shell block of `text` (a README's), or `nil`.
    public static func first(in text: String, file: String) -> UsageCommand? {
        var open: (marker: String, kind: Block)?
        var lines: [(text: String, number: Int)] = []
        for (offset, raw) in text.components(separatedBy: "\n").enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if let fence = open {
                guard line.hasPrefix(fence.marker) else {
                    lines.append((line, offset + 1))
                    continue
                }
                if fence.kind != .other, let found = pick(lines, untyped: fence.kind == .untyped, file: file) { return found }
                open = nil
                lines = []
            } else if line.hasPrefix("```") || line.hasPrefix("~~~") {
                let info = line.dropFirst(3).trimmingCharacters(in: .whitespaces).lowercased()
                let language = String(info.split(separator: " ").first ?? "")
                open = (String(line.prefix(3)), info.isEmpty ? .untyped : shells.contains(language) ? .shell : .other)
            }
        }
        return nil
    }

    /// The command of one fenced block's lines, or `nil` when it holds none worth showing; an
    /// `untyped` block's lines must look like commands.
    private static func pick(_ block: [(text: String, number: Int)], untyped: Bool, file: String) -> UsageCommand? {
        let prompted = block.contains { $0.text.hasPrefix("$ ") }
        // The lines after one ending in a backslash continue its command.
        let continued = Set(zip(block, block.dropFirst()).filter { $0.0.text.hasSuffix("\\") }.map(\.1.number))
        let commands = block.compactMap { line, number -> UsageCommand? in
            guard !line.isEmpty, !line.hasPrefix("#"), !continued.contains(number) else { return nil }
            // In a session with prompts, the lines without one are the output.
            if prompted, !line.hasPrefix("$ ") { return nil }
            var command = line.hasPrefix("$ ") ? String(line.dropFirst(2)) : line
            if let comment = command.range(of: " #") { command = String(command[..<comment.lowerBound]) }
            command = command.trimmingCharacters(in: .whitespaces)
            guard !command.isEmpty, command.count <= longest, !command.hasSuffix("\\") else { return nil }
            let head = String(command.split(separator: " ").first ?? "")
            if untyped, !prompted, !tools.contains(head), !head.contains("/") { return nil }
            // A secret set on the command line never goes into a post.
            if command.contains("="), command.range(of: "(KEY|TOKEN|SECRET|PASSWORD)", options: .regularExpression) != nil {
                return nil
            }
            return UsageCommand(command: command, file: file, line: number)
        }
        return commands.first { !preliminaries.contains(String($0.command.split(separator: " ").first ?? "")) }
    }

    /// The post's closing line: `Try it: COMMAND`, with the repository's address when it has a public one.
    public func line(link: String?) -> String {
        "Try it: " + command + (link.map { " (\($0))" } ?? "")
    }
}
