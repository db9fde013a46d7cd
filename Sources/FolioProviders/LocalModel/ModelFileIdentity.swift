import Foundation

/// Tells model files apart for the response cache: two GGUF files served under one
/// `LOCAL_MODEL_NAME`, or one file replaced by another, must never share cached answers.
public enum ModelFileIdentity {
    /// `file:<absolute path>:<size>:<modification time in ms>`; just the path when the
    /// file cannot be read (the server will then fail to start, and nothing is cached).
    public static func of(path: String) -> String {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: absolute),
              let size = attributes[.size] as? NSNumber,
              let modified = attributes[.modificationDate] as? Date else {
            return "file:\(absolute)"
        }
        let milliseconds = Int64((modified.timeIntervalSince1970 * 1000).rounded())
        return "file:\(absolute):\(size.int64Value):\(milliseconds)"
    }
}
