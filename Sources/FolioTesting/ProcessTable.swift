import Foundation

/// Looks at the machine's running processes (Linux `/proc`).
public enum ProcessTable {
    /// Process ids whose command line contains `text`.
    public static func processes(mentioning text: String) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> Int32? in
            guard let pid = Int32(entry),
                  let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline") else { return nil }
            let commandLine = String(decoding: data.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
            // A zombie has an empty command line; only live processes count.
            return commandLine.contains(text) ? pid : nil
        }
    }
}
