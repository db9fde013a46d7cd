import Foundation

/// Test data kept outside the repository, in `../shared/data/` next to the package root.
///
/// It is read in place, never copied in; a test that needs it is skipped, with a one-line
/// note, on a machine that does not have it.
public enum SharedData {
    /// `../shared/data` from the package root.
    public static let root = FolioBinary.packageRoot.deletingLastPathComponent()
        .appendingPathComponent("shared/data", isDirectory: true)

    /// The folder `name` under the shared data, or `nil` when it is absent.
    public static func directory(_ name: String) -> URL? {
        let url = root.appendingPathComponent(name, isDirectory: true)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            return nil
        }
        return url
    }

    /// The names of the regular files in `directory/subfolder`, sorted; empty when absent.
    public static func files(in directory: URL?, _ subfolder: String) -> [String] {
        guard let directory else { return [] }
        let folder = directory.appendingPathComponent(subfolder, isDirectory: true)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted()
    }
}
