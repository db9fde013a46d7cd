import FolioCore
import FolioSafety
import Foundation

/// Reads a repository's sources: README, manifest, examples, docs, changelog, tags and recent
/// history. Only files git tracks are read in a git work tree; binaries, vendored and generated
/// folders and huge files are skipped and counted.
public struct RepositoryReader: Sendable {
    /// Limits.
    public struct Options: Sendable, Equatable {
        /// Files larger than this are skipped as huge.
        public var maximumFileBytes = 512 * 1024
        /// Characters kept of one source.
        public var maximumSourceCharacters = 60_000
        /// Documentation files read at most.
        public var maximumDocs = 24
        /// Example files read at most.
        public var maximumExamples = 12
        /// Commits of recent history read.
        public var commits = 30
        /// Tags read, newest first.
        public var tags = 20

        /// Default limits.
        public init() {}
    }

    /// Limits.
    public let options: Options
    /// Clones remote repositories.
    public let fetcher: RepositoryFetcher

    /// A reader cloning remote repositories with `fetcher`.
    public init(fetcher: RepositoryFetcher, options: Options = Options()) {
        self.fetcher = fetcher
        self.options = options
    }

    /// What ``read(_:)`` looks for, named in the error when none of it is there.
    public static let lookedFor = "README*, docs/, examples/, a manifest (\(RepositoryManifest.files.joined(separator: ", "))), "
        + "CHANGELOG, tags and git history"

    /// Reads the repository at `location`, cloning it first when it is remote.
    ///
    /// - Throws: `FolioError.badInput` when nothing readable is there; `FolioError.runtime` when
    ///   a clone fails (with git's reason).
    public func read(_ location: RepositoryLocation) throws -> RepositorySnapshot {
        let root: String
        switch location {
        case .folder(let path): root = path
        case .remote(let url): root = try fetcher.checkout(url)
        }
        return try read(root: root, location: location)
    }

    private func read(root: String, location: RepositoryLocation) throws -> RepositorySnapshot {
        let head = Git.head(of: root)
        let listed = head == nil ? nil : try trackedFiles(root)
        let files = try listed ?? walk(root)
        var skipped: [String: Int] = ["binary": 0, "vendored": 0, "generated": 0, "huge": 0]
        var candidates: [(kind: SourceKind, path: String)] = []
        var licence: String?
        for path in files {
            if let reason = Self.skipReason(path) {
                skipped[reason, default: 0] += 1
                continue
            }
            let url = URL(fileURLWithPath: root).appendingPathComponent(path)
            guard let size = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? Int else { continue }
            if size > options.maximumFileBytes {
                skipped["huge", default: 0] += 1
                continue
            }
            if Self.isBinary(url) {
                skipped["binary", default: 0] += 1
                continue
            }
            if Self.isLicence(path) {
                licence = licence ?? (try? String(contentsOf: url, encoding: .utf8)).flatMap(RepositoryManifest.licence)
                continue
            }
            if let kind = Self.kind(of: path) { candidates.append((kind, path)) }
        }
        var sources: [RepositorySource] = []
        var manifest: RepositoryManifest?
        var counts: [SourceKind: Int] = [:]
        for (kind, path) in candidates.sorted(by: { ($0.kind, Self.depth($0.path), $0.path) < ($1.kind, Self.depth($1.path), $1.path) }) {
            let limit = kind == .docs ? options.maximumDocs : kind == .examples ? options.maximumExamples : 4
            guard counts[kind, default: 0] < limit else { continue }
            guard let text = try? String(contentsOf: URL(fileURLWithPath: root).appendingPathComponent(path), encoding: .utf8),
                  !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { continue }
            if kind == .manifest, manifest == nil { manifest = RepositoryManifest.parse(file: path, text: text) }
            counts[kind, default: 0] += 1
            sources.append(RepositorySource(kind: kind, path: path, text: String(text.prefix(options.maximumSourceCharacters))))
        }
        if licence != nil, manifest?.licence == nil {
            if manifest == nil { manifest = RepositoryManifest(file: "LICENSE") }
            manifest?.licence = licence
        }
        if head != nil {
            if let tags = try tagList(root) { sources.append(RepositorySource(kind: .tags, path: "git tag", text: tags)) }
            if let log = try history(root) { sources.append(RepositorySource(kind: .commits, path: "git log", text: log)) }
        }
        guard !sources.isEmpty else {
            throw FolioError.badInput("nothing readable in \(location): looked for \(Self.lookedFor)")
        }
        let name = manifest?.name.flatMap { $0.isEmpty ? nil : $0 } ?? location.name
        let commit = head ?? "tree-" + String(ContentHash.of(sources.map { $0.path + "\n" + $0.text }.joined(separator: "\u{0}")).prefix(16))
        return RepositorySnapshot(location: location, root: root, name: name, commit: commit, tracked: listed != nil,
                                  manifest: manifest, sources: sources, skipped: skipped, files: files.count,
                                  topics: Topics.of(name: name, manifest: manifest, readme: sources.first { $0.kind == .readme }?.text))
    }

    /// The files git tracks under `root`, relative to it.
    private func trackedFiles(_ root: String) throws -> [String] {
        let output = try Git.run(["ls-files", "-z"], in: root)
        guard output.status == 0 else { throw FolioError.runtime("git ls-files failed in \(root): \(output.reason)") }
        return output.stdout.split(separator: "\u{0}").map(String.init)
    }

    /// Every regular file under `root` (hidden files and folders left out), relative to it.
    private func walk(_ root: String) throws -> [String] {
        let base = URL(fileURLWithPath: root).standardizedFileURL
        guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey],
                                                          options: [.skipsHiddenFiles]) else { return [] }
        var files: [String] = []
        for case let url as URL in walker {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
            files.append(String(url.standardizedFileURL.path.dropFirst(base.path.count).drop { $0 == "/" }))
        }
        return files.sorted()
    }

    private func tagList(_ root: String) throws -> String? {
        let output = try Git.run(["for-each-ref", "--sort=-creatordate", "--count=\(options.tags)",
                                  "--format=%(refname:short) (%(creatordate:short)) %(subject)", "refs/tags"], in: root)
        let text = output.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        return output.status == 0 && !text.isEmpty ? text + "\n" : nil
    }

    private func history(_ root: String) throws -> String? {
        let output = try Git.run(["log", "-n", String(options.commits), "--no-merges", "--date=short",
                                  "--format=commit %h (%ad)%n%s%n%n%b%x1e"], in: root)
        guard output.status == 0 else { return nil }
        let entries = output.stdout.split(separator: "\u{1e}").map {
            $0.trimmingCharacters(in: .whitespacesAndNewlines)
                .replacingOccurrences(of: "\n\n\n", with: "\n\n")
        }.filter { !$0.isEmpty }
        return entries.isEmpty ? nil : entries.joined(separator: "\n\n") + "\n"
    }

    // MARK: - Classifying paths

    static let vendoredFolders: Set = ["vendor", "vendors", "third_party", "thirdparty", "third-party", "node_modules",
                                       "pods", "carthage", "external", "extern", "bower_components"]
    static let generatedFolders: Set = ["build", "dist", "out", "target", ".build", "__pycache__", "generated", "gen",
                                        "deriveddata", "coverage", "site-packages", ".venv", "venv"]
    static let generatedFiles: Set = ["package-lock.json", "yarn.lock", "pnpm-lock.yaml", "package.resolved", "cargo.lock",
                                      "go.sum", "poetry.lock", "gemfile.lock", "composer.lock"]
    static let binaryExtensions: Set = ["png", "jpg", "jpeg", "gif", "webp", "ico", "bmp", "pdf", "zip", "gz", "tgz", "bz2",
                                        "xz", "7z", "tar", "jar", "so", "dylib", "a", "o", "dll", "exe", "woff", "woff2",
                                        "ttf", "otf", "gguf", "bin", "safetensors", "faiss", "sqlite", "db", "mp3", "mp4",
                                        "mov", "wav", "class", "pyc", "wasm", "epub", "docx", "xlsx"]

    /// Why `path` is left out unread, if it is.
    static func skipReason(_ path: String) -> String? {
        let components = path.lowercased().split(separator: "/").map(String.init)
        let folders = components.dropLast()
        if folders.contains(where: vendoredFolders.contains) { return "vendored" }
        if folders.contains(where: generatedFolders.contains) { return "generated" }
        let name = components.last ?? ""
        if generatedFiles.contains(name) || name.hasSuffix(".min.js") || name.hasSuffix(".min.css")
            || name.hasSuffix(".pb.go") || name.contains("_generated.") || name.hasSuffix(".generated.swift") {
            return "generated"
        }
        if binaryExtensions.contains(URL(fileURLWithPath: name).pathExtension) { return "binary" }
        return nil
    }

    /// Whether the file holds a NUL byte or is not UTF-8 in its first 8 KB.
    static func isBinary(_ url: URL) -> Bool {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return true }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 8192)) ?? Data()
        if head.contains(0) { return true }
        // A multi-byte character cut at the 8 KB mark is not a sign of binary data.
        return String(data: head, encoding: .utf8) == nil && String(data: head.dropLast(3), encoding: .utf8) == nil
    }

    static func isLicence(_ path: String) -> Bool {
        let name = path.uppercased()
        return !path.contains("/") && (name.hasPrefix("LICENSE") || name.hasPrefix("LICENCE") || name.hasPrefix("COPYING"))
    }

    static let exampleFolders: Set = ["examples", "example", "samples", "sample", "demo", "demos"]
    static let docFolders: Set = ["docs", "doc", "documentation"]
    static let docExtensions: Set = ["md", "markdown", "rst", "txt", "adoc", "org"]

    /// The kind of source `path` is, or `nil` when it is not read as one.
    static func kind(of path: String) -> SourceKind? {
        let components = path.split(separator: "/").map(String.init)
        let name = components.last ?? path
        let upper = name.uppercased()
        let ending = URL(fileURLWithPath: name).pathExtension.lowercased()
        if components.count == 1 {
            if upper.hasPrefix("README") { return .readme }
            if RepositoryManifest.files.contains(name) { return .manifest }
            if ["CHANGELOG", "CHANGES", "HISTORY", "NEWS", "RELEASES"].contains(where: upper.hasPrefix) { return .changelog }
            if ["CODE_OF_CONDUCT", "SECURITY", "CODEOWNERS"].contains(where: upper.hasPrefix) { return nil }
            return docExtensions.contains(ending) && ending != "txt" ? .docs : nil
        }
        let top = components[0].lowercased()
        if exampleFolders.contains(top) {
            return SourceDocument.textExtensions.contains(ending) || ending.isEmpty ? .examples : nil
        }
        if docFolders.contains(top) || components.contains(where: { $0.hasSuffix(".docc") }) {
            return docExtensions.contains(ending) ? .docs : nil
        }
        return nil
    }

    static func depth(_ path: String) -> Int { path.split(separator: "/").count }
}
