import FolioCore
import Foundation

/// One stored value with its key and expiry, and the byte layout the file and Redis backends
/// keep it in.
///
/// Layout (little-endian): magic `FOC1`, expiry (Float64 seconds since 1970, 0 = never),
/// key length (UInt32), value length (UInt32), FNV-1a 64 checksum of key and value, key
/// bytes, value bytes. A truncated or altered record fails ``decode(_:)``, so a damaged
/// entry reads as a miss, never as wrong text.
struct CacheEntry: Sendable, Equatable {
    var key: String
    var value: Data
    /// Seconds since 1970 after which the entry is gone; `nil` never expires.
    var expiresAt: Double?

    static let magic: [UInt8] = Array("FOC1".utf8)
    static let headerSize = 28

    func isExpired(at now: Double) -> Bool {
        expiresAt.map { now >= $0 } ?? false
    }

    /// The expiry for a value stored at `now` with `ttl`.
    static func expiry(now: Double, ttl: Duration?) -> Double? {
        ttl.map { now + $0.seconds }
    }

    func encoded() -> Data {
        let keyBytes = Array(key.utf8)
        var data = Data(capacity: Self.headerSize + keyBytes.count + value.count)
        data.append(contentsOf: Self.magic)
        Self.append((expiresAt ?? 0).bitPattern, to: &data)
        Self.append(UInt32(keyBytes.count), to: &data)
        Self.append(UInt32(value.count), to: &data)
        var checksum = FNV1a()
        checksum.add(keyBytes)
        value.withUnsafeBytes { checksum.add($0) }
        Self.append(checksum.value, to: &data)
        data.append(contentsOf: keyBytes)
        data.append(value)
        return data
    }

    /// The entry in `data`, or `nil` when it is not a complete, intact record.
    static func decode(_ data: Data) -> CacheEntry? {
        data.withUnsafeBytes { raw -> CacheEntry? in
            guard raw.count >= headerSize, Array(raw[0..<4]) == magic else { return nil }
            let expiry = Double(bitPattern: raw.loadUnaligned(fromByteOffset: 4, as: UInt64.self).littleEndian)
            let keyLength = Int(raw.loadUnaligned(fromByteOffset: 12, as: UInt32.self).littleEndian)
            let valueLength = Int(raw.loadUnaligned(fromByteOffset: 16, as: UInt32.self).littleEndian)
            let checksum = raw.loadUnaligned(fromByteOffset: 20, as: UInt64.self).littleEndian
            guard raw.count == headerSize + keyLength + valueLength else { return nil }
            let keyBytes = UnsafeRawBufferPointer(rebasing: raw[headerSize..<(headerSize + keyLength)])
            let valueBytes = UnsafeRawBufferPointer(rebasing: raw[(headerSize + keyLength)...])
            var computed = FNV1a()
            computed.add(keyBytes)
            computed.add(valueBytes)
            guard computed.value == checksum, let key = String(validating: keyBytes, as: UTF8.self) else { return nil }
            return CacheEntry(key: key, value: Data(valueBytes), expiresAt: expiry == 0 ? nil : expiry)
        }
    }

    /// Only the key of an encoded record (for pattern deletes that need not read whole values).
    static func key(inHeader data: Data) -> String? {
        data.withUnsafeBytes { raw -> String? in
            guard raw.count >= headerSize, Array(raw[0..<4]) == magic else { return nil }
            let keyLength = Int(raw.loadUnaligned(fromByteOffset: 12, as: UInt32.self).littleEndian)
            guard raw.count >= headerSize + keyLength else { return nil }
            return String(validating: UnsafeRawBufferPointer(rebasing: raw[headerSize..<(headerSize + keyLength)]),
                          as: UTF8.self)
        }
    }

    private static func append<T: FixedWidthInteger>(_ value: T, to data: inout Data) {
        withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
    }
}

/// 64-bit FNV-1a: a fast checksum that catches truncation and stray bytes (not an adversary).
struct FNV1a {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        for byte in bytes {
            value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
    }
}
