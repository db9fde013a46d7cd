#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Summaries of the generation log, read as a stream: memory stays flat whatever its size.
public enum GenerationStats {
    /// The calls of `files` (oldest first) that `query` selects, grouped as it says, and their
    /// total; lines that are not log records (a torn last line, say) are skipped and counted.
    public static func summarise(files: [String], query: StatsQuery) throws
        -> (groups: [(key: String, statistics: CallStatistics)], total: CallStatistics, skippedLines: Int) {
        var groups: [String: CallStatistics] = [:]
        var total = CallStatistics()
        var skipped = 0
        for file in files {
            try forEachLine(of: file) { line in
                guard line.count > 1 else { return }
                guard let fields = LogLineFields(line) else {
                    skipped += 1
                    return
                }
                guard query.includes(fields) else { return }
                groups[query.key(of: fields), default: CallStatistics()].add(fields)
                total.add(fields)
            }
        }
        let sorted = groups.sorted { $0.key < $1.key }.map { (key: $0.key, statistics: $0.value) }
        return (sorted, total, skipped)
    }

    /// Calls `body` with each line of `file` (without its newline), reading 4 MiB at a time.
    static func forEachLine(of file: String, _ body: (UnsafeBufferPointer<UInt8>) -> Void) throws {
        let descriptor = open(file, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        let chunk = 4 << 20
        var buffer = [UInt8](repeating: 0, count: chunk)
        var carry: [UInt8] = []
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, chunk) }
            if count <= 0 { break }
            buffer.withUnsafeBufferPointer { bytes in
                var start = 0
                for index in 0..<count where bytes[index] == 0x0A {
                    if carry.isEmpty {
                        body(UnsafeBufferPointer(rebasing: bytes[start..<index]))
                    } else {
                        carry.append(contentsOf: bytes[start..<index])
                        carry.withUnsafeBufferPointer(body)
                        carry.removeAll(keepingCapacity: true)
                    }
                    start = index + 1
                }
                carry.append(contentsOf: bytes[start..<count])
            }
        }
        if !carry.isEmpty { carry.withUnsafeBufferPointer(body) }
    }
}
