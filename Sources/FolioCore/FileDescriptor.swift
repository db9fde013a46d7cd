#if canImport(Glibc)
import Glibc
#endif

/// Plain POSIX file-descriptor writes.
public enum FileDescriptor {
    /// Writes all of `bytes` to `descriptor`, retrying short writes and `EINTR`.
    ///
    /// - Returns: 0 when everything was written, else the `errno` of the failed write.
    public static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Int32 {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return 0
        }
    }
}
