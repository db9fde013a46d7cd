#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Writes user data so that a reader sees either the old file or the new one, never a torn mix.
///
/// The bytes go to a temporary file in the same directory, are flushed to disk,
/// and the temporary file is renamed over the destination.
public enum AtomicFile {
    /// Atomically replaces (or creates) the file at `url` with `data`.
    public static func write(_ data: Data, to url: URL) throws {
        let directory = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let temporary = directory.appendingPathComponent(
            ".\(url.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: .min ... .max))")
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw FolioError.runtime("cannot write \(url.path): \(String(cString: strerror(errno)))")
        }
        var failure: FolioError?
        let code = FileDescriptor.writeAll([UInt8](data), to: descriptor)
        if code != 0 {
            failure = .runtime("cannot write \(url.path): \(String(cString: strerror(code)))")
        }
        if failure == nil, fsync(descriptor) != 0 {
            failure = .runtime("cannot flush \(url.path): \(String(cString: strerror(errno)))")
        }
        close(descriptor)
        if let failure {
            unlink(temporary.path)
            throw failure
        }
        guard rename(temporary.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary.path)
            throw FolioError.runtime("cannot replace \(url.path): \(reason)")
        }
        // Persist the rename itself.
        let directoryDescriptor = open(directory.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryDescriptor >= 0 {
            fsync(directoryDescriptor)
            close(directoryDescriptor)
        }
    }

    /// Atomically writes UTF-8 text.
    public static func write(_ text: String, to url: URL) throws {
        try write(Data(text.utf8), to: url)
    }
}
