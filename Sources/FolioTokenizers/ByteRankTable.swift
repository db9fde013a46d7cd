/// An immutable hash table from byte sequences to BPE ranks, probed with raw pointers so the
/// merge loop never allocates: every token's bytes live in one buffer, and the open-addressing
/// slots hold entry indices.
///
/// `@unchecked Sendable`: every buffer is written once in `init` and only read afterwards;
/// they are freed in `deinit`, when no reader can remain.
final class ByteRankTable: @unchecked Sendable {
    /// The rank given to byte sequences that are not tokens.
    static let missing = UInt32.max

    private let bytes: UnsafeMutableBufferPointer<UInt8>
    private let starts: UnsafeMutableBufferPointer<UInt32>
    private let lengths: UnsafeMutableBufferPointer<UInt32>
    private let ranks: UnsafeMutableBufferPointer<UInt32>
    private let slots: UnsafeMutableBufferPointer<Int32>
    private let mask: Int
    /// Rank of each single byte (every byte is a token in byte-level BPE).
    let byteRanks: [UInt32]
    /// For decoding: the entry index of each rank, or -1.
    private let entryOfRank: [Int32]

    /// The number of tokens.
    var count: Int { ranks.count }

    /// Builds the table from `(bytes, rank)` pairs.
    init(_ tokens: [([UInt8], UInt32)]) {
        let total = tokens.reduce(0) { $0 + $1.0.count }
        bytes = .allocate(capacity: max(total, 1))
        starts = .allocate(capacity: tokens.count)
        lengths = .allocate(capacity: tokens.count)
        ranks = .allocate(capacity: tokens.count)
        var capacity = 16
        while capacity < tokens.count * 3 { capacity <<= 1 }
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: -1)
        mask = capacity - 1
        var byteRanks = [UInt32](repeating: Self.missing, count: 256)
        var maxRank = 0
        var offset = 0
        for (index, (token, rank)) in tokens.enumerated() {
            _ = UnsafeMutableBufferPointer(rebasing: bytes[offset..<offset + token.count]).initialize(from: token)
            starts[index] = UInt32(offset)
            lengths[index] = UInt32(token.count)
            ranks[index] = rank
            offset += token.count
            if token.count == 1 { byteRanks[Int(token[0])] = rank }
            maxRank = max(maxRank, Int(rank))
            var slot = token.withUnsafeBufferPointer { Self.hash($0.baseAddress!, $0.count) } & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(index)
        }
        var entryOfRank = [Int32](repeating: -1, count: maxRank + 1)
        for index in 0..<tokens.count { entryOfRank[Int(ranks[index])] = Int32(index) }
        self.byteRanks = byteRanks
        self.entryOfRank = entryOfRank
    }

    deinit {
        bytes.deallocate()
        starts.deallocate()
        lengths.deallocate()
        ranks.deallocate()
        slots.deallocate()
    }

    /// FNV-1a over the bytes, folded so the low bits mix well.
    @inline(__always)
    static func hash(_ pointer: UnsafePointer<UInt8>, _ count: Int) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for i in 0..<count {
            h = (h ^ UInt64(pointer[i])) &* 0x100_0000_01b3
        }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }

    /// The rank of `count` bytes at `pointer`, or `missing`.
    @inline(__always)
    func rank(_ pointer: UnsafePointer<UInt8>, _ count: Int) -> UInt32 {
        if count == 1 { return byteRanks[Int(pointer[0])] }
        var slot = Self.hash(pointer, count) & mask
        while true {
            let entry = Int(slots[slot])
            if entry < 0 { return Self.missing }
            if Int(lengths[entry]) == count {
                let start = bytes.baseAddress! + Int(starts[entry])
                var equal = true
                for i in 0..<count where start[i] != pointer[i] {
                    equal = false
                    break
                }
                if equal { return ranks[entry] }
            }
            slot = (slot + 1) & mask
        }
    }

    /// The bytes of the token with `rank`, or `nil` if no token has it.
    func bytes(ofRank rank: Int) -> ArraySlice<UInt8>? {
        guard rank >= 0, rank < entryOfRank.count, entryOfRank[rank] >= 0 else { return nil }
        let entry = Int(entryOfRank[rank])
        let start = Int(starts[entry])
        return Array(bytes[start..<start + Int(lengths[entry])])[...]
    }
}

extension ByteRankTable {
    /// The rank of `bytes`, or `missing`.
    func rank(_ bytes: [UInt8]) -> UInt32? {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, !buffer.isEmpty else { return nil }
            return rank(base, buffer.count)
        }
    }
}
