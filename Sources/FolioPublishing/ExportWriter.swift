import FolioCore
import Foundation

/// Writes an ``ExportArtifact``: atomically, and never over an existing output unless told to.
public struct ExportWriter: Sendable {
    /// Whether existing outputs may be replaced (`--force`).
    public var force: Bool

    /// A writer; `force` replaces existing outputs.
    public init(force: Bool = false) {
        self.force = force
    }

    /// The paths `artifact` would occupy when written at `output`.
    public func targets(of artifact: ExportArtifact, at output: URL) -> [URL] {
        switch artifact.layout {
        case .file, .folder: return [output]
        case .parts(let parts): return Self.partURLs(output, count: parts.count)
        }
    }

    /// Writes `artifact` at `output` and returns the paths written. Checks every target first,
    /// so a refused export writes nothing.
    @discardableResult
    public func write(_ artifact: ExportArtifact, to output: URL) throws -> [URL] {
        let targets = targets(of: artifact, at: output)
        if !force, let existing = targets.first(where: { FileManager.default.fileExists(atPath: $0.path) }) {
            throw PublishingError.outputExists(existing.path)
        }
        if let blocked = targets.first(where: { Self.isDirectory($0) }), !Self.isFolderLayout(artifact) {
            throw PublishingError.outputExists(blocked.path + " (a folder)")
        }
        do {
            switch artifact.layout {
            case .file(let data):
                try AtomicFile.write(data, to: output)
            case .parts(let parts):
                for (url, data) in zip(targets, parts) { try AtomicFile.write(data, to: url) }
            case .folder(let files):
                try writeFolder(files, to: output)
            }
        } catch let error as PublishingError {
            throw error
        } catch {
            throw PublishingError.writeFailed(output.path, "\(error)")
        }
        return targets
    }

    /// A folder is filled under a temporary name beside it and renamed into place, so a reader
    /// never sees half of it; a replaced folder is removed only once the new one is complete.
    private func writeFolder(_ files: [ExportedFile], to output: URL) throws {
        let parent = output.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        let staging = parent.appendingPathComponent(".\(output.lastPathComponent).tmp-\(UUID().uuidString.prefix(8))")
        do {
            for file in files {
                try AtomicFile.write(file.data, to: staging.appendingPathComponent(file.path))
            }
            if FileManager.default.fileExists(atPath: output.path) {
                let old = parent.appendingPathComponent(".\(output.lastPathComponent).old-\(UUID().uuidString.prefix(8))")
                try FileManager.default.moveItem(at: output, to: old)
                try FileManager.default.moveItem(at: staging, to: output)
                try? FileManager.default.removeItem(at: old)
            } else {
                try FileManager.default.moveItem(at: staging, to: output)
            }
        } catch {
            try? FileManager.default.removeItem(at: staging)
            throw error
        }
    }

    private static func isFolderLayout(_ artifact: ExportArtifact) -> Bool {
        if case .folder = artifact.layout { return true }
        return false
    }

    private static func isDirectory(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// `out.csv` for one part; `out-1.csv`, `out-2.csv`, … for several.
    static func partURLs(_ output: URL, count: Int) -> [URL] {
        guard count > 1 else { return [output] }
        let stem = output.deletingPathExtension().lastPathComponent
        let suffix = output.pathExtension.isEmpty ? "" : "." + output.pathExtension
        let parent = output.deletingLastPathComponent()
        return (1...count).map { parent.appendingPathComponent("\(stem)-\($0)\(suffix)") }
    }
}
