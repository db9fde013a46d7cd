/// A GGUF model's own tokenizer, natively: byte-level BPE (`tokenizer.ggml.model = gpt2`)
/// over the file's tokens and merges, with llama.cpp's pre-tokenization (SmolLM's digit
/// split included) and its control tokens recognised in the text, as the model's
/// `llama-server` does for `/tokenize`.
public struct GGUFTokenizer: TokenEncoder {
    /// The name used on the command line.
    public static let name = "local"

    /// Token bytes → id (ids as "ranks").
    private let table: ByteRankTable
    /// `(left id << 32 | right id)` → (merge rank, merged id).
    private let merges: [UInt64: (rank: Int, merged: Int)]
    /// Control tokens' text and id, longest first.
    private let specials: [(text: [Unicode.Scalar], id: Int)]
    private let preTokenizer: GPT2PreTokenizer

    public var encodingName: String { Self.name }

    /// The number of tokens in the vocabulary.
    public let vocabularySize: Int

    /// Loads the tokenizer of the GGUF model at `path`.
    public init(ggufFile path: String) throws(TokenizerError) {
        let vocabulary = try GGUFVocabulary(path: path)
        guard vocabulary.model == "gpt2", !vocabulary.tokens.isEmpty else {
            throw .unsupported(path, model: vocabulary.model)
        }
        let decode = Self.unicodeToByte
        var ids: [[UInt8]: Int] = [:]
        var specials: [(text: [Unicode.Scalar], id: Int)] = []
        for (id, token) in vocabulary.tokens.enumerated() {
            let type = id < vocabulary.tokenTypes.count ? vocabulary.tokenTypes[id] : 1
            if type == 3 || type == 4 {  // control, user-defined: matched as text, not merged
                specials.append((Array(token.unicodeScalars), id))
                continue
            }
            if let bytes = Self.bytes(of: token, decode) { ids[bytes] = ids[bytes] ?? id }
        }
        var merges: [UInt64: (rank: Int, merged: Int)] = [:]
        for (rank, merge) in vocabulary.merges.enumerated() {
            let parts = merge.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, let left = Self.bytes(of: String(parts[0]), decode),
                  let right = Self.bytes(of: String(parts[1]), decode),
                  let leftID = ids[left], let rightID = ids[right], let merged = ids[left + right] else { continue }
            let key = UInt64(leftID) << 32 | UInt64(rightID)
            if merges[key] == nil { merges[key] = (rank, merged) }
        }
        self.table = ByteRankTable(ids.map { ($0.key, UInt32($0.value)) }.sorted { $0.1 < $1.1 })
        self.merges = merges
        self.specials = specials.filter { !$0.text.isEmpty }.sorted { ($0.text.count, $1.id) > ($1.text.count, $0.id) }
        self.preTokenizer = GPT2PreTokenizer(splitDigits: ["smollm", "starcoder", "refact", "command-r", "codeshell",
                                                           "exaone", "minerva"].contains(vocabulary.preTokenizer))
        self.vocabularySize = vocabulary.tokens.count
    }

    public func encode(_ text: String) -> [Int] {
        let scalars = Array(text.unicodeScalars)
        var output: [Int] = []
        var start = 0
        var index = 0
        while index < scalars.count {
            if let special = special(at: index, in: scalars) {
                encodeText(scalars[start..<index], into: &output)
                output.append(special.id)
                index += special.text.count
                start = index
            } else {
                index += 1
            }
        }
        encodeText(scalars[start..<scalars.count], into: &output)
        return output
    }

    private func special(at index: Int, in scalars: [Unicode.Scalar]) -> (text: [Unicode.Scalar], id: Int)? {
        guard !specials.isEmpty else { return nil }
        for candidate in specials where candidate.text.first == scalars[index] && index + candidate.text.count <= scalars.count {
            if scalars[index..<index + candidate.text.count].elementsEqual(candidate.text) { return candidate }
        }
        return nil
    }

    private func encodeText(_ slice: ArraySlice<Unicode.Scalar>, into output: inout [Int]) {
        guard !slice.isEmpty else { return }
        let scalars = Array(slice)
        var bytes: [UInt8] = []
        for word in preTokenizer.words(scalars) {
            bytes.removeAll(keepingCapacity: true)
            for scalar in scalars[word] { bytes.append(contentsOf: UTF8.encode(scalar)!) }
            encodeWord(bytes, into: &output)
        }
    }

    /// Byte-level BPE as llama.cpp does it: start from the word's bytes, merge the
    /// lowest-ranked adjacent pair (leftmost on ties) until none merges.
    private func encodeWord(_ bytes: [UInt8], into output: inout [Int]) {
        if let whole = table.rank(bytes), whole != ByteRankTable.missing {
            output.append(Int(whole))
            return
        }
        var symbolIDs = bytes.map { Int(table.byteRanks[Int($0)]) }
        while symbolIDs.count > 1 {
            var bestRank = Int.max
            var bestIndex = -1
            var bestMerged = 0
            for index in 0..<symbolIDs.count - 1 {
                if let merge = merges[UInt64(symbolIDs[index]) << 32 | UInt64(symbolIDs[index + 1])], merge.rank < bestRank {
                    bestRank = merge.rank
                    bestIndex = index
                    bestMerged = merge.merged
                }
            }
            guard bestIndex >= 0 else { break }
            symbolIDs[bestIndex] = bestMerged
            symbolIDs.remove(at: bestIndex + 1)
        }
        output += symbolIDs
    }

    /// GPT-2's reversible map from bytes to printable characters, inverted.
    private static let unicodeToByte: [Unicode.Scalar: UInt8] = {
        var printable = Array(33...126) + Array(161...172) + Array(174...255)
        var codes = printable
        var extra = 0
        for byte in 0..<256 where !printable.contains(byte) {
            printable.append(byte)
            codes.append(256 + extra)
            extra += 1
        }
        var map: [Unicode.Scalar: UInt8] = [:]
        for (byte, code) in zip(printable, codes) { map[Unicode.Scalar(UInt32(code))!] = UInt8(byte) }
        return map
    }()

    private static func bytes(of token: String, _ decode: [Unicode.Scalar: UInt8]) -> [UInt8]? {
        var bytes: [UInt8] = []
        for scalar in token.unicodeScalars {
            guard let byte = decode[scalar] else { return nil }
            bytes.append(byte)
        }
        return bytes
    }
}

import Synchronization

extension GGUFTokenizer {
    private static let loaded = Mutex<[String: GGUFTokenizer]>([:])

    /// The tokenizer of the model at `path`, loaded once per process and shared.
    public static func shared(ggufFile path: String) throws(TokenizerError) -> GGUFTokenizer {
        if let tokenizer = loaded.withLock({ $0[path] }) { return tokenizer }
        let tokenizer = try GGUFTokenizer(ggufFile: path)
        loaded.withLock { $0[path] = tokenizer }
        return tokenizer
    }
}
