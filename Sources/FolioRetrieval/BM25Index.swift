import Foundation

/// Okapi BM25 over a book's chunks, the lexical half of `full` retrieval (and of the safety
/// chain's evidence search).
public struct BM25Index: Sendable {
    private let chunks: [StoredChunk]
    /// For each term, the chunks holding it and how often: a query reads only its terms' lists.
    private let postings: [String: [(chunk: Int, count: Int)]]
    private let lengths: [Int]
    private let averageLength: Double
    private let k1 = 1.2
    private let b = 0.75

    /// Indexes `chunks`.
    public init(chunks: [StoredChunk]) {
        self.chunks = chunks
        var postings: [String: [(chunk: Int, count: Int)]] = [:]
        var lengths: [Int] = []
        for (index, chunk) in chunks.enumerated() {
            let terms = Self.terms(chunk.text)
            var count: [String: Int] = [:]
            for term in terms { count[term, default: 0] += 1 }
            for (term, times) in count { postings[term, default: []].append((index, times)) }
            lengths.append(terms.count)
        }
        self.postings = postings
        self.lengths = lengths
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
        var scores = [Double](repeating: 0, count: chunks.count)
        for term in queryTerms {
            guard let list = postings[term] else { continue }
            let df = Double(list.count)
            let idf = log(1 + (n - df + 0.5) / (df + 0.5))
            for (chunk, count) in list {
                let tf = Double(count)
                let norm = tf * (k1 + 1) / (tf + k1 * (1 - b + b * Double(lengths[chunk]) / averageLength))
                scores[chunk] += idf * norm
            }
        }
        var scored: [(Int, Double)] = []
        for (i, score) in scores.enumerated() where score > 0 && !excluded.contains(chunks[i].chapter) {
            scored.append((i, score))
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
