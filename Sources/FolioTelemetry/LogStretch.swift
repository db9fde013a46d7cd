#if canImport(Glibc)
import Glibc
#endif

/// A run of whole lines of a log file, read in fixed-size chunks so memory stays flat.
struct LogStretch: Sendable {
    /// Below this a file is read as one stretch: splitting it would cost more than it saves.
    static let smallestSplit = 8 << 20
    private static let chunk = 4 << 20

    let file: String
    /// Byte offsets; `start` is 0 or just past a newline.
    let start: Int
    let end: Int

    /// `file` cut at newlines into about `parts` stretches; none when it cannot be opened.
    static func split(file: String, into parts: Int) -> [LogStretch] {
        let descriptor = open(file, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return [] }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return [] }
        let size = Int(status.st_size)
        guard parts > 1, size >= smallestSplit else { return [LogStretch(file: file, start: 0, end: size)] }
        var cuts = [0]
        for part in 1..<parts {
            let cut = lineStart(atOrAfter: size / parts * part, in: descriptor, size: size)
            if cut > cuts[cuts.count - 1], cut < size { cuts.append(cut) }
        }
        cuts.append(size)
        return zip(cuts, cuts.dropFirst()).map { LogStretch(file: file, start: $0, end: $1) }
    }

    /// The offset just past the first newline at or after `offset - 1`: the start of the line
    /// that holds `offset`'s successor, or `size` when no newline follows.
    private static func lineStart(atOrAfter offset: Int, in descriptor: Int32, size: Int) -> Int {
        var position = max(0, offset - 1)
        var block = [UInt8](repeating: 0, count: 64 << 10)
        while position < size {
            let count = block.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, off_t(position)) }
            guard count > 0 else { return size }
            if let newline = block[0..<count].firstIndex(of: 0x0A) { return position + newline + 1 }
            position += count
        }
        return size
    }

    /// Calls `body` with each line of the stretch (without its newline), reading 4 MiB at a time;
    /// a line longer than that is gathered whole first.
    func forEachLine(_ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        let descriptor = open(file, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: Self.chunk)
        var carry: [UInt8] = []
        var position = start
        while position < end {
            let wanted = min(Self.chunk, end - position)
            let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, wanted, off_t(position)) }
            if count <= 0 { break }
            position += count
            buffer.withUnsafeBufferPointer { bytes in
                guard let base = bytes.baseAddress else { return }
                var lineStart = 0
                // memchr finds newlines many bytes at a time; a byte loop was a tenth of the scan.
                while lineStart < count, let found = memchr(base + lineStart, 0x0A, count - lineStart) {
                    let newline = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base
                    if carry.isEmpty {
                        body(UnsafeBufferPointer(rebasing: bytes[lineStart..<newline]))
                    } else {
                        carry.append(contentsOf: bytes[lineStart..<newline])
                        carry.withUnsafeBufferPointer(body)
                        carry.removeAll(keepingCapacity: true)
                    }
                    lineStart = newline + 1
                }
                carry.append(contentsOf: bytes[lineStart..<count])
            }
        }
        if !carry.isEmpty { carry.withUnsafeBufferPointer(body) }
    }
}
