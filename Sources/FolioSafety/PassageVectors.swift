import FolioCore
import FolioRetrieval
import Foundation
import Logging
import Synchronization

/// The MiniLM vectors of one set of passages, filled on demand and shared by every copy of the
/// index that holds them (a retuned index, a book's combined index), so no sentence is embedded
/// twice in a run; optionally kept on disk, so the next check of the same sources embeds none.
///
/// Only single sentences are embedded: a window's vector is pooled from its sentences'.
final class PassageVectors: Sendable {
    /// Vectors and which of them are there.
    private struct State {
        var values: [Float]
        var ready: [Bool]
        var dirty = false
    }

    let count: Int
    let dimension: Int
    private let embedder: any Embedder
    private let texts: [String]
    /// Word counts, the weights of pooling.
    private let lengths: [Float]
    /// For a window, its sentences (local indexes); nil for a sentence, or a window embedded
    /// whole (when pooling is off or a sentence is missing).
    private let members: [[Int]?]
    private let file: URL?
    private let state: Mutex<State>
    private static let logger = Logger(label: "folio.safety")

    /// Vectors for `passages`, read from `cacheDirectory` when an earlier run kept them there.
    init(passages: [SourcePassage], embedder: any Embedder, poolsWindows: Bool, cacheDirectory: URL?) {
        count = passages.count
        dimension = embedder.dimension
        self.embedder = embedder
        texts = passages.map(\.text)
        lengths = passages.map { Float(max(1, $0.text.split(whereSeparator: \.isWhitespace).count)) }
        var single: [String: Int] = [:]
        for (index, passage) in passages.enumerated() where passage.sentenceCount == 1 {
            single["\(passage.file)\u{0}\(passage.firstSentence)"] = index
        }
        members = passages.map { passage in
            guard poolsWindows, passage.sentenceCount > 1 else { return nil }
            let found = (passage.firstSentence..<(passage.firstSentence + passage.sentenceCount))
                .compactMap { single["\(passage.file)\u{0}\($0)"] }
            return found.count == passage.sentenceCount ? found : nil
        }
        // The name says what the vectors are of: the model and every passage's text.
        if let cacheDirectory {
            var key = "\(embedder.modelID)\u{0}\(embedder.dimension)\u{0}\(poolsWindows)"
            for passage in passages { key += "\u{0}" + passage.text }
            file = cacheDirectory.appendingPathComponent("evidence-\(ContentHash.of(key)).vectors")
        } else {
            file = nil
        }
        var initial = State(values: [Float](repeating: 0, count: count * dimension),
                            ready: [Bool](repeating: false, count: count))
        if let file, let kept = Self.read(file, count: count, dimension: dimension) { initial = kept }
        state = Mutex(initial)
    }

    /// Whether every passage has its vector.
    var isComplete: Bool { state.withLock { !$0.ready.contains(false) } }

    /// Which passages have their vector.
    func readiness() -> [Bool] { state.withLock { $0.ready } }

    /// Calls `body` with the flat vectors (row `i` valid where `ready[i]`).
    func withVectors<T>(_ body: ([Float], [Bool]) -> T) -> T {
        state.withLock { body($0.values, $0.ready) }
    }

    /// Embeds what `passages` (local indexes) need and does not have yet — their sentences for
    /// windows that are pooled — then pools those windows; saves the vectors when it embedded any.
    func fill(_ passages: some Sequence<Int>) async throws {
        let ready = readiness()
        var wanted = Set<Int>()
        for passage in passages where passage >= 0 && passage < count && !ready[passage] {
            if let parts = members[passage] { wanted.formUnion(parts.filter { !ready[$0] }) } else { wanted.insert(passage) }
        }
        let order = wanted.sorted()
        if !order.isEmpty {
            let embedded = try await embedder.embed(order.map { texts[$0] })
            state.withLock { state in
                for (index, vector) in zip(order, embedded) where vector.count == dimension {
                    state.values.replaceSubrange(index * dimension..<(index + 1) * dimension, with: vector)
                    state.ready[index] = true
                }
                state.dirty = true
            }
        }
        pool(Array(passages))
        if !order.isEmpty { save() }
    }

    /// Embeds every passage (sentences, and windows that are not pooled).
    func fillAll() async throws {
        try await fill(0..<count)
    }

    /// Pools the windows among `passages` whose sentences all have vectors: mean pooling over
    /// the tokens of its sentences ≈ their vectors weighted by length.
    private func pool(_ passages: [Int]) {
        state.withLock { state in
            for passage in passages where passage >= 0 && passage < count && !state.ready[passage] {
                guard let parts = members[passage], parts.allSatisfy({ state.ready[$0] }) else { continue }
                var sum = [Float](repeating: 0, count: dimension)
                for part in parts {
                    let base = part * dimension
                    for column in 0..<dimension { sum[column] += lengths[part] * state.values[base + column] }
                }
                let norm = max(sum.reduce(0) { $0 + $1 * $1 }.squareRoot(), 1e-12)
                state.values.replaceSubrange(passage * dimension..<(passage + 1) * dimension, with: sum.map { $0 / norm })
                state.ready[passage] = true
            }
        }
    }

    // MARK: The file on disk

    /// `FOLIOEV1`, passage count and dimension (UInt32), one readiness byte per passage, then
    /// every vector (Float32; zeros where not ready), all in the machine's byte order
    /// (little-endian on every platform Folio builds for): the file is a cache, not an exchange format.
    private static let magic = Data("FOLIOEV1".utf8)

    /// Writes the vectors (atomically) when some were embedded since the last save; a failure
    /// only costs the next run the embedding.
    private func save() {
        guard let file else { return }
        let data: Data? = state.withLock { state in
            guard state.dirty else { return nil }
            state.dirty = false
            var data = Self.magic
            for number in [UInt32(count), UInt32(dimension)] { withUnsafeBytes(of: number) { data.append(contentsOf: $0) } }
            data.append(contentsOf: state.ready.map { $0 ? UInt8(1) : 0 })
            state.values.withUnsafeBufferPointer { data.append(Data(buffer: $0)) }
            return data
        }
        guard let data else { return }
        do {
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try AtomicFile.write(data, to: file)
        } catch {
            Self.logger.warning("could not keep evidence vectors", metadata: ["file": "\(file.path)", "error": "\(error)"])
        }
    }

    /// The vectors kept in `file`, or nil when it is absent or not exactly what it should be (a
    /// damaged file is then rebuilt by the next save).
    private static func read(_ file: URL, count: Int, dimension: Int) -> State? {
        guard let data = try? Data(contentsOf: file) else { return nil }
        let header = magic.count + 8
        guard data.count == header + count + count * dimension * 4, data.prefix(magic.count) == magic else {
            logger.warning("ignoring a damaged evidence vector file", metadata: ["file": "\(file.path)"])
            return nil
        }
        func number(at offset: Int) -> Int {
            Int(data[(data.startIndex + offset)..<(data.startIndex + offset + 4)].withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) })
        }
        guard number(at: magic.count) == count, number(at: magic.count + 4) == dimension else {
            logger.warning("ignoring a damaged evidence vector file", metadata: ["file": "\(file.path)"])
            return nil
        }
        let flags = data[(data.startIndex + header)..<(data.startIndex + header + count)]
        guard flags.allSatisfy({ $0 <= 1 }) else {
            logger.warning("ignoring a damaged evidence vector file", metadata: ["file": "\(file.path)"])
            return nil
        }
        var values = [Float](repeating: 0, count: count * dimension)
        values.withUnsafeMutableBytes { target in
            data[(data.startIndex + header + count)...].withUnsafeBytes { target.copyMemory(from: $0) }
        }
        guard values.allSatisfy(\.isFinite) else {
            logger.warning("ignoring a damaged evidence vector file", metadata: ["file": "\(file.path)"])
            return nil
        }
        return State(values: values, ready: flags.map { $0 == 1 })
    }
}
