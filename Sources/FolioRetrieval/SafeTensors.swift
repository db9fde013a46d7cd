import FolioCore
import Foundation

/// The float32 tensors of a `.safetensors` file, by name.
///
/// The format is an 8-byte little-endian header length, a JSON header mapping
/// each tensor name to its dtype, shape and byte range, then the raw data.
public struct SafeTensors: Sendable {
    /// One tensor: its shape and row-major values.
    public struct Tensor: Sendable {
        /// Dimensions, outermost first.
        public var shape: [Int]
        /// Row-major values.
        public var values: [Float]
    }

    /// Float32 tensors by name; tensors of other dtypes are skipped.
    public let tensors: [String: Tensor]

    /// Reads the float32 tensors of the file at `path`.
    public init(contentsOf path: String) throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw FolioError.badInput("cannot read model weights \(path): \(error.localizedDescription)")
        }
        tensors = try Self.parse(data, path: path)
    }

    /// The tensor `name`, checked to have `shape`.
    public func tensor(_ name: String, shape: [Int]) throws -> [Float] {
        guard let tensor = tensors[name] else {
            throw FolioError.badInput("model weights lack tensor \(name)")
        }
        guard tensor.shape == shape else {
            throw FolioError.badInput("model tensor \(name) has shape \(tensor.shape), expected \(shape)")
        }
        return tensor.values
    }

    private struct Entry: Decodable {
        var dtype: String
        var shape: [Int]
        var data_offsets: [Int]
    }

    private static func parse(_ data: Data, path: String) throws -> [String: Tensor] {
        let corrupt = FolioError.badInput("\(path) is not a valid safetensors file")
        guard data.count >= 8 else { throw corrupt }
        let headerLength = data.prefix(8).enumerated().reduce(0) { $0 | (Int($1.element) << (8 * $1.offset)) }
        guard headerLength > 0, 8 + headerLength <= data.count else { throw corrupt }
        let header = data.subdata(in: 8..<(8 + headerLength))
        guard let object = try? JSONSerialization.jsonObject(with: header) as? [String: Any] else { throw corrupt }
        let base = 8 + headerLength
        var tensors: [String: Tensor] = [:]
        for (name, value) in object where name != "__metadata__" {
            guard let fields = value as? [String: Any],
                  let entryData = try? JSONSerialization.data(withJSONObject: fields),
                  let entry = try? JSONDecoder().decode(Entry.self, from: entryData),
                  entry.data_offsets.count == 2
            else { throw corrupt }
            guard entry.dtype == "F32" else { continue }
            let start = base + entry.data_offsets[0]
            let end = base + entry.data_offsets[1]
            let count = entry.shape.reduce(1, *)
            guard start <= end, end <= data.count, end - start == count * 4 else { throw corrupt }
            var values = [Float](repeating: 0, count: count)
            values.withUnsafeMutableBytes { target in
                data.copyBytes(to: target, from: start..<end)
            }
            // safetensors is little-endian, as is every platform Folio runs on.
            tensors[name] = Tensor(shape: entry.shape, values: values)
        }
        return tensors
    }
}
