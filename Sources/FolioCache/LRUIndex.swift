/// Keys in least-recently-used order with O(1) touch, insert and removal: a doubly linked
/// list threaded through arrays, with a free list so slots are reused.
struct LRUIndex {
    private var keys: [String?] = []
    private var previous: [Int] = []
    private var next: [Int] = []
    private var slots: [String: Int] = [:]
    private var free: [Int] = []
    private var head = -1  // least recently used
    private var tail = -1  // most recently used

    var count: Int { slots.count }

    /// The least recently used key.
    var oldest: String? { head >= 0 ? keys[head] : nil }

    /// Marks `key` as just used, adding it when new.
    mutating func touch(_ key: String) {
        if let slot = slots[key] {
            unlink(slot)
            append(slot)
            return
        }
        let slot: Int
        if let reused = free.popLast() {
            slot = reused
            keys[slot] = key
        } else {
            slot = keys.count
            keys.append(key)
            previous.append(-1)
            next.append(-1)
        }
        slots[key] = slot
        append(slot)
    }

    mutating func remove(_ key: String) {
        guard let slot = slots.removeValue(forKey: key) else { return }
        unlink(slot)
        keys[slot] = nil
        free.append(slot)
    }

    private mutating func append(_ slot: Int) {
        previous[slot] = tail
        next[slot] = -1
        if tail >= 0 { next[tail] = slot } else { head = slot }
        tail = slot
    }

    private mutating func unlink(_ slot: Int) {
        let before = previous[slot], after = next[slot]
        if before >= 0 { next[before] = after } else { head = after }
        if after >= 0 { previous[after] = before } else { tail = before }
    }
}
