import FolioRuntime
import Foundation

/// How post commands read a repository and print a version.
enum PostOutput {
    /// Reads the repository `input` names, with a line on stderr saying what was read.
    static func read(_ input: String, runtime: FolioRuntime) throws -> RepositorySnapshot {
        let location = try RepositoryLocation.parse(input)
        if case .remote(let url) = location { Terminal.status("reading \(url)") }
        let snapshot = try runtime.repositoryReader().read(location)
        Terminal.status(snapshot.summary)
        return snapshot
    }

    /// Prints `version`: its text on stdout (or the version as JSON), the facts with their
    /// sources and a summary line on stderr, and a warning when the safety chain is not confident.
    static func show(_ version: PostVersion, folder: URL, json: Bool, minimumConfidence: Double) throws {
        if json {
            Terminal.write(String(decoding: try PostStore.encoder.encode(version), as: UTF8.self) + "\n")
        } else {
            Terminal.write(version.text + "\n\n" + version.hashtags.joined(separator: " ") + "\n")
            for fact in version.facts ?? [] {
                Terminal.status("extracted fact: \(fact.text) (\(fact.file):\(fact.firstLine)-\(fact.lastLine))")
            }
        }
        let confidence = version.safetyConfidence ?? 0
        var line = "done: version \(version.version) · hook \(version.hookType) · quality "
            + String(format: "%.2f", version.quality ?? 0) + " · confidence " + String(format: "%.2f", confidence)
        line += " · \(version.provider ?? "?")/\(version.model ?? "?") · \(version.usage?.totalTokens ?? 0) tokens"
        line += String(format: " · %.1f s", version.seconds ?? 0) + " · " + folder.appendingPathComponent("post.json").path
        Terminal.status(line)
        if confidence < minimumConfidence {
            let unsupported = version.safety?.unsupportedClaims.map { "\"\($0.text)\"" }.prefix(3).joined(separator: ", ") ?? ""
            Terminal.status("warning: safety confidence \(String(format: "%.2f", confidence)) is below SAFETY_MIN_CONFIDENCE "
                + "\(minimumConfidence); it is not exported without --force" + (unsupported.isEmpty ? "" : "; unsupported: \(unsupported)"))
        }
    }
}

/// A post on disk; inside `Folio`, `Post` names the command.
typealias SavedPost = Post
