import Foundation

/// The tokenizer metadata of a GGUF model file: its tokens, their types, BPE merges and
/// pre-tokenizer name, read from the key-value header (the tensors are never touched).
struct GGUFVocabulary {
    var tokens: [String] = []
    var tokenTypes: [Int32] = []
    var merges: [String] = []
    var model = ""
    var preTokenizer = ""

    /// Reads the header of the GGUF file at `path` (memory-mapped).
    init(path: String) throws(TokenizerError) {
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) else {
            throw .unreadable(path)
        }
        var reader = Reader(data: data)
        do {
            guard try reader.bytes(4) == Array("GGUF".utf8) else { throw TokenizerError.corrupt(path) }
            let version = try reader.integer(UInt32.self)
            guard version >= 2 else { throw TokenizerError.corrupt(path) }
            _ = try reader.integer(UInt64.self)  // tensor count
            let pairs = try reader.integer(UInt64.self)
            for _ in 0..<pairs {
                let key = try reader.string()
                let type = try reader.integer(UInt32.self)
                switch key {
                case "tokenizer.ggml.tokens": tokens = try reader.array { try $0.string() }
                case "tokenizer.ggml.merges": merges = try reader.array { try $0.string() }
                case "tokenizer.ggml.token_type": tokenTypes = try reader.array { try $0.integer(Int32.self) }
                case "tokenizer.ggml.model": model = try reader.string()
                case "tokenizer.ggml.pre": preTokenizer = try reader.string()
                default: try reader.skip(type: type)
                }
            }
        } catch let error as TokenizerError {
            throw error
        } catch {
            throw .corrupt(path)
        }
    }

    private struct Truncated: Error {}

    /// Little-endian reading with bounds checks.
    private struct Reader {
        let data: Data
        var offset: Int

        init(data: Data) {
            self.data = data
            self.offset = data.startIndex
        }

        mutating func bytes(_ count: Int) throws -> [UInt8] {
            guard count >= 0, offset + count <= data.endIndex else { throw Truncated() }
            defer { offset += count }
            return Array(data[offset..<offset + count])
        }

        mutating func integer<T: FixedWidthInteger>(_: T.Type) throws -> T {
            let size = MemoryLayout<T>.size
            guard offset + size <= data.endIndex else { throw Truncated() }
            var value: T = 0
            for index in 0..<size { value |= T(truncatingIfNeeded: data[offset + index]) << (8 * index) }
            offset += size
            return value
        }

        mutating func string() throws -> String {
            let length = try integer(UInt64.self)
            guard length < UInt64(data.count) else { throw Truncated() }
            return String(decoding: try bytes(Int(length)), as: UTF8.self)
        }

        mutating func array<T>(_ element: (inout Reader) throws -> T) throws -> [T] {
            _ = try integer(UInt32.self)
            let count = try integer(UInt64.self)
            guard count < UInt64(data.count) else { throw Truncated() }
            var result: [T] = []
            result.reserveCapacity(Int(count))
            for _ in 0..<count { result.append(try element(&self)) }
            return result
        }

        /// Skips a value of GGUF type `type`.
        mutating func skip(type: UInt32) throws {
            switch type {
            case 0, 1, 7: offset += 1
            case 2, 3: offset += 2
            case 4, 5, 6: offset += 4
            case 10, 11, 12: offset += 8
            case 8: _ = try string()
            case 9:
                let elementType = try integer(UInt32.self)
                let count = try integer(UInt64.self)
                guard count < UInt64(data.count) else { throw Truncated() }
                for _ in 0..<count { try skip(type: elementType) }
            default: throw Truncated()
            }
            guard offset <= data.endIndex else { throw Truncated() }
        }
    }
}
