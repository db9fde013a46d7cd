#if canImport(Glibc)
import Glibc
#endif

/// The statistics of each group of a summary, found by the group name's bytes.
///
/// A million lines fall into a handful of groups: finding a line's group by its bytes (the last
/// group first, then the few there are, then a hash of the bytes) keeps a `String` and its
/// hashing out of every line.
struct StatsGroups: Sendable {
    private var names: [[UInt8]] = []
    private(set) var statistics: [CallStatistics] = []
    private var slotsByHash: [UInt64: [Int]] = [:]
    private var last = -1

    /// The slot of the group named `name`, made when new.
    mutating func slot(named name: UnsafeBufferPointer<UInt8>) -> Int {
        if last >= 0, equal(names[last], name) { return last }
        if names.count <= 8, let found = names.firstIndex(where: { equal($0, name) }) {
            last = found
            return found
        }
        let hash = Self.hash(name)
        if let slots = slotsByHash[hash], let found = slots.first(where: { equal(names[$0], name) }) {
            last = found
            return found
        }
        names.append(Array(name))
        statistics.append(CallStatistics())
        slotsByHash[hash, default: []].append(names.count - 1)
        last = names.count - 1
        return last
    }

    /// Adds one line to the group in `slot`.
    mutating func add(_ line: LogLineFields, to slot: Int) {
        statistics[slot].add(line)
    }

    /// Adds every group of `other`, merging groups of the same name.
    mutating func merge(_ other: StatsGroups) {
        for (name, statistics) in other.named {
            let slot = name.withUnsafeBufferPointer { self.slot(named: $0) }
            self.statistics[slot].merge(statistics)
        }
    }

    /// Each group's name (its bytes) with its statistics.
    var named: Zip2Sequence<[[UInt8]], [CallStatistics]> { zip(names, statistics) }

    private func equal(_ stored: [UInt8], _ name: UnsafeBufferPointer<UInt8>) -> Bool {
        stored.count == name.count && stored.withUnsafeBufferPointer {
            name.isEmpty || memcmp($0.baseAddress!, name.baseAddress!, name.count) == 0
        }
    }

    /// FNV-1a: group names are a few bytes long.
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }
}
