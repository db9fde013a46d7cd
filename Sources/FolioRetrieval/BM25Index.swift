import Foundation

/// Okapi BM25 over a book's chunks, the lexical half of `full` retrieval (and of the safety
/// chain's evidence search).
public struct BM25Index: Sendable {
    private let chunks: [StoredChunk]
    private let termCounts: [[String: Int]]
    private let lengths: [Int]
    private let documentFrequency: [String: Int]
    private let averageLength: Double
    private let k1 = 1.2
    private let b = 0.75

    /// Indexes `chunks`.
    public init(chunks: [StoredChunk]) {
        self.chunks = chunks
        var counts: [[String: Int]] = []
        var lengths: [Int] = []
        var frequency: [String: Int] = [:]
        for chunk in chunks {
            let terms = Self.terms(chunk.text)
            var count: [String: Int] = [:]
            for term in terms { count[term, default: 0] += 1 }
            for term in count.keys { frequency[term, default: 0] += 1 }
            counts.append(count)
            lengths.append(terms.count)
        }
        termCounts = counts
        self.lengths = lengths
        documentFrequency = frequency
        averageLength = chunks.isEmpty ? 1 : Double(lengths.reduce(0, +)) / Double(chunks.count)
    }

    /// Indexes plain texts; a hit's `chunk` is the text's index in `texts`.
    public init(texts: [String]) {
        self.init(chunks: texts.enumerated().map { index, text in
            StoredChunk(id: Int64(index), chapter: 0, position: index, start: 0, end: text.count, text: text, hash: "")
        })
    }

    /// The best `limit` chunks for `query` with a positive score, best first.
    public func search(_ query: String, limit: Int, excluding excluded: Set<Int>) -> [RetrievedPassage] {
        let queryTerms = Set(Self.terms(query))
        let n = Double(chunks.count)
        var scored: [(Int, Double)] = []
        for (i, counts) in termCounts.enumerated() where !excluded.contains(chunks[i].chapter) {
            var score = 0.0
            for term in queryTerms {
                guard let tf = counts[term].map(Double.init), let df = documentFrequency[term].map(Double.init) else { continue }
                let idf = log(1 + (n - df + 0.5) / (df + 0.5))
                let norm = tf * (k1 + 1) / (tf + k1 * (1 - b + b * Double(lengths[i]) / averageLength))
                score += idf * norm
            }
            if score > 0 { scored.append((i, score)) }
        }
        scored.sort { $0.1 > $1.1 }
        return scored.prefix(limit).map { i, score in
            RetrievedPassage(chapter: chunks[i].chapter, chunk: chunks[i].position, score: score, text: chunks[i].text)
        }
    }

    /// Lower-cased letter-or-digit runs, accents kept.
    public static func terms(_ text: String) -> [String] {
        text.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init)
    }
}
