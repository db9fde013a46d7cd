/// The byte-pair merge of one pre-tokenized piece, as tiktoken does it: repeatedly merge the
/// adjacent pair whose concatenation has the lowest rank until no pair is a token.
///
/// Holds its working buffer so encoding many pieces allocates once.
struct BytePairMerger {
    private var starts: [Int] = []
    private var pairRanks: [UInt32] = []

    /// Appends the ranks of `count` bytes at `pointer` to `output`.
    mutating func encode(_ pointer: UnsafePointer<UInt8>, _ count: Int, table: ByteRankTable, into output: inout [Int]) {
        if count == 1 {
            output.append(Int(table.byteRanks[Int(pointer[0])]))
            return
        }
        let whole = table.rank(pointer, count)
        if whole != ByteRankTable.missing {
            output.append(Int(whole))
            return
        }
        starts.removeAll(keepingCapacity: true)
        pairRanks.removeAll(keepingCapacity: true)
        // starts has one entry per part plus the end; pairRanks[i] is the rank of parts i and i+1 joined.
        for i in 0...count { starts.append(i) }
        for i in 0..<count - 1 { pairRanks.append(table.rank(pointer + i, 2)) }
        pairRanks.append(ByteRankTable.missing)

        while true {
            var best = ByteRankTable.missing
            var at = -1
            for i in 0..<pairRanks.count - 1 where pairRanks[i] < best {
                best = pairRanks[i]
                at = i
            }
            if at < 0 { break }
            // Merge part `at` with part `at + 1`.
            starts.remove(at: at + 1)
            pairRanks.remove(at: at + 1)
            pairRanks[at] = rankOfPair(at, pointer: pointer, table: table)
            if at > 0 { pairRanks[at - 1] = rankOfPair(at - 1, pointer: pointer, table: table) }
        }
        for i in 0..<starts.count - 1 {
            output.append(Int(table.rank(pointer + starts[i], starts[i + 1] - starts[i])))
        }
    }

    /// The rank of parts `i` and `i + 1` joined, or `missing` when `i + 1` is the last part.
    @inline(__always)
    private func rankOfPair(_ i: Int, pointer: UnsafePointer<UInt8>, table: ByteRankTable) -> UInt32 {
        guard i + 2 < starts.count else { return ByteRankTable.missing }
        return table.rank(pointer + starts[i], starts[i + 2] - starts[i])
    }
}
