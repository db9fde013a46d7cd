#if canImport(Glibc)
import Glibc
#endif
import CZlib
import Dispatch
import Foundation
import Synchronization

/// A ZIP file built in memory, every entry dated the same, so the same entries give the same
/// bytes (EPUB and DOCX are both ZIP containers).
///
/// Members are deflated on every core at once, each on its own (a member's bytes depend only on
/// its contents, never on the scheduling), then laid out in order with their headers.
struct ZipContainer {
    /// One member: its path, bytes, and whether it is deflated (else stored).
    struct Entry: Sendable {
        var path: String
        var data: Data
        var deflated: Bool = true
    }

    /// zlib's level 4: a quarter of the default level's time on prose, within 2 % of `zip -9`'s size.
    static let compressionLevel: Int32 = 4

    /// The archive holding `entries` in order, each dated `modified`.
    static func data(_ entries: [Entry], modified: Date) throws -> Data {
        let packed = Mutex([Result<PackedEntry, PublishingError>?](repeating: nil, count: entries.count))
        DispatchQueue.concurrentPerform(iterations: entries.count) { index in
            let result = Result { () throws(PublishingError) in try PackedEntry(entries[index]) }
            packed.withLock { $0[index] = result }
        }
        let members = try packed.withLock { $0 }.map { try $0!.get() }
        let (time, date) = dosTimeAndDate(modified)
        var archive = Data()
        archive.reserveCapacity(members.reduce(0) { $0 + $1.payload.count + 2 * $1.name.count + 76 } + 22)
        var central = Data()
        for member in members {
            let offset = archive.count
            guard offset <= UInt32.max else { throw tooLarge }
            archive.append(le32: 0x0403_4B50)
            member.appendCommonFields(to: &archive, time: time, date: date)
            archive.append(le16: 0)  // extra field length
            archive.append(contentsOf: member.name)
            archive.append(member.payload)

            central.append(le32: 0x0201_4B50)
            central.append(le16: 0x031E)  // made by: UNIX, ZIP 3.0, so the permissions below are read
            member.appendCommonFields(to: &central, time: time, date: date)
            central.append(le16: 0)  // extra field length
            central.append(le16: 0)  // comment length
            central.append(le16: 0)  // disk number
            central.append(le16: 0)  // internal attributes
            central.append(le32: UInt32(0o100644) << 16)  // a regular file, rw-r--r--
            central.append(le32: UInt32(offset))
            central.append(contentsOf: member.name)
        }
        let centralOffset = archive.count
        guard centralOffset <= UInt32.max, members.count <= UInt16.max else { throw tooLarge }
        archive.append(central)
        archive.append(le32: 0x0605_4B50)
        archive.append(le16: 0)  // this disk
        archive.append(le16: 0)  // disk holding the central directory
        archive.append(le16: UInt16(members.count))
        archive.append(le16: UInt16(members.count))
        archive.append(le32: UInt32(central.count))
        archive.append(le32: UInt32(centralOffset))
        archive.append(le16: 0)  // comment length
        return archive
    }

    private static let tooLarge = PublishingError.writeFailed("archive", "the ZIP archive would pass 4 GB or 65,535 members")

    /// One member ready to lay out: its name, checksum, sizes and stored or deflated bytes.
    private struct PackedEntry: Sendable {
        var name: [UInt8]
        var deflated: Bool
        var crc: UInt32
        var size: Int
        var payload: Data

        init(_ entry: Entry) throws(PublishingError) {
            name = Array(entry.path.utf8)
            deflated = entry.deflated
            size = entry.data.count
            guard size <= UInt32.max, name.count <= UInt16.max else { throw ZipContainer.tooLarge }
            crc = entry.data.withUnsafeBytes { bytes in
                UInt32(CZlib.crc32(0, bytes.bindMemory(to: UInt8.self).baseAddress, uInt(bytes.count)))
            }
            payload = entry.deflated ? try Self.deflate(entry.data) : entry.data
            guard payload.count <= UInt32.max else { throw ZipContainer.tooLarge }
        }

        /// Fields the local header and the central directory share, from "version needed" to the name's length.
        func appendCommonFields(to data: inout Data, time: UInt16, date: UInt16) {
            data.append(le16: 20)  // version needed: 2.0 (deflate)
            data.append(le16: name.allSatisfy { $0 < 0x80 } ? 0 : 0x0800)  // bit 11: the name is UTF-8
            data.append(le16: deflated ? 8 : 0)
            data.append(le16: time)
            data.append(le16: date)
            data.append(le32: crc)
            data.append(le32: UInt32(payload.count))
            data.append(le32: UInt32(size))
            data.append(le16: UInt16(name.count))
        }

        /// Raw deflate (no zlib header), as ZIP stores it, in one call.
        private static func deflate(_ input: Data) throws(PublishingError) -> Data {
            var stream = z_stream()
            guard deflateInit2_(&stream, ZipContainer.compressionLevel, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY,
                                ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
                throw PublishingError.writeFailed("archive", "zlib could not start compressing")
            }
            defer { deflateEnd(&stream) }
            var output = Data(count: Int(deflateBound(&stream, uLong(input.count))))
            let status = input.withUnsafeBytes { source in
                output.withUnsafeMutableBytes { target in
                    stream.next_in = UnsafeMutablePointer(mutating: source.bindMemory(to: Bytef.self).baseAddress)
                    stream.avail_in = uInt(source.count)
                    stream.next_out = target.bindMemory(to: Bytef.self).baseAddress
                    stream.avail_out = uInt(target.count)
                    return CZlib.deflate(&stream, Z_FINISH)
                }
            }
            guard status == Z_STREAM_END else {
                throw PublishingError.writeFailed("archive", "zlib could not compress a member (status \(status))")
            }
            output.count = Int(stream.total_out)
            return output
        }
    }

    /// MS-DOS time and date of `date` in UTC (whole seconds halved), clamped to DOS's 1980–2107.
    static func dosTimeAndDate(_ date: Date) -> (time: UInt16, date: UInt16) {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let year = Int(parts.tm_year) + 1900
        guard year >= 1980 else { return (0, (1 << 5) | 1) }
        guard year <= 2107 else { return ((23 << 11) | (59 << 5) | 29, (127 << 9) | (12 << 5) | 31) }
        let time = (Int(parts.tm_hour) << 11) | (Int(parts.tm_min) << 5) | (Int(parts.tm_sec) / 2)
        let day = ((year - 1980) << 9) | ((Int(parts.tm_mon) + 1) << 5) | Int(parts.tm_mday)
        return (UInt16(time), UInt16(day))
    }
}

extension Data {
    fileprivate mutating func append(le16 value: UInt16) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }

    fileprivate mutating func append(le32 value: UInt32) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}
