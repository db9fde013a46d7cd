import Foundation

/// Small generated repositories for post tests and benchmarks, and the answers a capable model
/// gives the post chain's prompts about them: a sentence of its own per fact, an opening line
/// per hook type. A prompt about anything else is answered with its fact given back word for
/// word, which the chain's checks refuse, as they would a model that only copies.
public enum ScriptedPosts {
    /// Writes a repository `name` under `directory/repos` (a README of three facts, then
    /// `more` paragraphs, and a `package.json`), committed with git; returns its path.
    @discardableResult
    public static func makeRepository(_ name: String, in directory: String, more: [String] = []) throws -> String {
        let root = directory + "/repos/\(name)"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let readme = """
            # \(name)

            \(name) turns CSV files into charts from the command line.
            Install it with the package manager and run it on any folder of data files.
            Every chart of \(name) is written as a standalone SVG file next to its data.
            """ + more.map { "\n\n" + $0 }.joined()
        try readme.write(toFile: root + "/README.md", atomically: true, encoding: .utf8)
        try "{\"name\": \"\(name)\", \"description\": \"Charts from CSV files\", \"license\": \"MIT\", \"keywords\": [\"charts\", \"csv\", \"cli\"]}\n"
            .write(toFile: root + "/package.json", atomically: true, encoding: .utf8)
        for arguments in [["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "First charts"]] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["git", "-c", "user.name=T", "-c", "user.email=t@example.invalid"] + arguments
            process.currentDirectoryURL = URL(fileURLWithPath: root)
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "git \(arguments[0]) failed in \(root)"])
            }
        }
        return root
    }

    /// The answer to the last user message of a post-chain prompt.
    public static func answer(_ prompt: String) -> String {
        let lines = prompt.split(separator: "\n").map(String.init)
        let fact = lines.first { $0.hasPrefix("Fact") }.map { line in
            String(line[line.index(after: line.firstIndex(of: ":")!)...]).trimmingCharacters(in: .whitespaces)
        } ?? ""
        let task = lines.last ?? ""
        // "Fact about NAME: …" in a sentence prompt; the task's last word in a hook prompt.
        let name = prompt.range(of: #"Fact about [A-Za-z0-9-]+"#, options: .regularExpression).map {
            String(prompt[$0].dropFirst(11))
        } ?? String(task.split(separator: " ").last ?? "it").trimmingCharacters(in: .punctuationCharacters)
        if task.contains("question") { return "Why not turn your CSV files into charts from the command line?" }
        if task.contains("bold claim") { return "All your CSV files can be charts, from the command line." }
        if task.contains("promises to show") { return "Here is how to turn CSV files into charts with \(name)." }
        if fact.contains("CSV files into charts") { return "With \(name), your CSV files turn into charts right from the command line." }
        if fact.contains("package manager") { return "Any folder of data files will do: install \(name) with the package manager and run it." }
        if fact.contains("SVG") { return "\(name) writes each chart as a standalone SVG file, right next to its data." }
        return fact
    }
}
