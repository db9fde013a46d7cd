import Foundation

/// A source the checked text should be faithful to: a file's text and its name.
public struct SourceDocument: Sendable, Equatable {
    /// The name shown with evidence (a path relative to the sources folder).
    public var name: String
    /// The text.
    public var text: String

    /// Creates a document.
    public init(name: String, text: String) {
        self.name = name
        self.text = text
    }

    /// File name endings read as text.
    public static let textExtensions: Set<String> = [
        "md", "markdown", "txt", "text", "rst", "adoc", "org", "html", "htm", "json", "yaml", "yml", "toml",
        "csv", "tsv", "swift", "py", "js", "ts", "go", "rs", "c", "h", "cpp", "hpp", "java", "kt", "rb", "sh",
        "cfg", "ini", "env", "xml", "tex",
    ]

    /// Reads the document at `path`, or every text file under the folder at `path` (hidden
    /// folders, `node_modules` and build folders left out), sorted by path.
    ///
    /// - Throws: `SafetyError.sourcesMissing` when nothing is there, `SafetyError.noSources` when
    ///   the folder holds no readable text file.
    public static func load(path: String, maximumFileBytes: Int = 2_000_000) throws -> [SourceDocument] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw SafetyError.sourcesMissing(path)
        }
        guard isFolder.boolValue else {
            guard let text = readText(URL(fileURLWithPath: path), limit: maximumFileBytes) else {
                throw SafetyError.noSources(path)
            }
            return [SourceDocument(name: URL(fileURLWithPath: path).lastPathComponent, text: text)]
        }
        let root = URL(fileURLWithPath: path).standardizedFileURL
        guard let walker = FileManager.default.enumerator(
            at: root, includingPropertiesForKeys: [.isRegularFileKey, .isDirectoryKey],
            options: [.skipsHiddenFiles, .skipsPackageDescendants]) else { throw SafetyError.noSources(path) }
        var documents: [SourceDocument] = []
        for case let url as URL in walker {
            let values = try? url.resourceValues(forKeys: [.isRegularFileKey, .isDirectoryKey])
            if values?.isDirectory == true {
                if ["node_modules", "build", "dist", "target", "vendor", "__pycache__"].contains(url.lastPathComponent) {
                    walker.skipDescendants()
                }
                continue
            }
            guard values?.isRegularFile == true else { continue }
            let ending = url.pathExtension.lowercased()
            guard textExtensions.contains(ending) || (ending.isEmpty && url.lastPathComponent.uppercased() == url.lastPathComponent),
                  let text = readText(url, limit: maximumFileBytes) else { continue }
            let relative = url.standardizedFileURL.path.dropFirst(root.path.count).drop { $0 == "/" }
            documents.append(SourceDocument(name: String(relative), text: text))
        }
        guard !documents.isEmpty else { throw SafetyError.noSources(path) }
        return documents.sorted { $0.name < $1.name }
    }

    /// The file's text when it is valid UTF-8, not binary, and not larger than `limit`.
    private static func readText(_ url: URL, limit: Int) -> String? {
        guard let data = try? Data(contentsOf: url), data.count <= limit, !data.contains(0) else { return nil }
        return String(data: data, encoding: .utf8)
    }

    /// The document's passages: sentences and windows of consecutive sentences.
    public func passages(window: Int = 2) -> [SourcePassage] {
        SourcePassage.passages(file: name, sentences: SentenceSplitter.sentences(in: text), window: window)
    }
}
