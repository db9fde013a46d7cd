import Foundation

/// OpenAI's `cl100k_base` encoding: byte-level BPE over the ranks in a `.tiktoken` file,
/// after cl100k's pre-tokenization. Gives the same ids as tiktoken for any text; special
/// tokens such as `<|endoftext|>` are encoded as ordinary text.
public struct Cl100kTokenizer: TokenEncoder {
    /// The name used on the command line and in settings.
    public static let name = "cl100k"

    private let table: ByteRankTable

    public var encodingName: String { Self.name }

    /// The number of ordinary tokens (100,256 for cl100k_base).
    public var vocabularySize: Int { table.count }

    /// Loads the ranks file: one line per token, its bytes in base64, a space, its rank.
    public init(ranksFile path: String) throws(TokenizerError) {
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path) }
        var tokens: [([UInt8], UInt32)] = []
        tokens.reserveCapacity(100_256)
        var lineNumber = 0
        var failed = false
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            var lineStart = 0
            while lineStart < bytes.count, !failed {
                var lineEnd = lineStart
                while lineEnd < bytes.count, bytes[lineEnd] != 0x0A { lineEnd += 1 }
                lineNumber += 1
                let line = UnsafeBufferPointer(rebasing: bytes[lineStart..<lineEnd])
                lineStart = lineEnd + 1
                if line.isEmpty { continue }
                guard let space = line.firstIndex(of: 0x20),
                      let token = Base64.decode(UnsafeBufferPointer(rebasing: line[..<space])),
                      let rank = UInt32(String(decoding: line[(space + 1)...], as: UTF8.self)
                          .trimmingCharacters(in: .whitespaces)) else {
                    failed = true
                    return
                }
                tokens.append((token, rank))
            }
        }
        if failed { throw .malformed(path, line: lineNumber) }
        guard Self.coversEveryByte(tokens) else { throw .malformed(path, line: lineNumber) }
        table = ByteRankTable(tokens)
    }

    /// Whether the ranks cover every single byte, as byte-level BPE needs.
    private static func coversEveryByte(_ tokens: [([UInt8], UInt32)]) -> Bool {
        Set(tokens.lazy.filter { $0.0.count == 1 }.map { $0.0[0] }).count == 256
    }

    /// The token ids of `text`.
    public func encode(_ text: String) -> [Int] {
        var text = text
        return text.withUTF8 { encode(utf8: $0) }
    }

    /// The token ids of UTF-8 `bytes` (which must be valid UTF-8, as a Swift string's are).
    func encode(utf8 bytes: UnsafeBufferPointer<UInt8>) -> [Int] {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return [] }
        var output: [Int] = []
        output.reserveCapacity(bytes.count / 3)
        var splitter = Cl100kPreTokenizer()
        var merger = BytePairMerger()
        splitter.forEachPiece(bytes) { start, end in
            merger.encode(base + start, end - start, table: table, into: &output)
        }
        return output
    }

    /// The text of `ids` (invalid UTF-8 across token boundaries is repaired), or `nil` if an
    /// id is not a token.
    public func decode(_ ids: [Int]) -> String? {
        var bytes: [UInt8] = []
        for id in ids {
            guard let token = table.bytes(ofRank: id) else { return nil }
            bytes += token
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
