import FolioRetrieval
import Foundation
import Testing

@Suite("VectorMath")
struct VectorMathTests {
    @Test("GELU matches x·Φ(x) within 1e-6, and softmax underflows to 0 rather than NaN")
    func geluAndUnderflow() {
        var values = stride(from: -8.0, through: 8.0, by: 0.013).map { Float($0) }
        let input = values
        values.withUnsafeMutableBufferPointer { VectorMath.gelu($0) }
        for (x, y) in zip(input, values) {
            let exact = 0.5 * Double(x) * (1 + erf(Double(x) / 2.0.squareRoot()))
            #expect(abs(Double(y) - exact) < 1e-6)
        }
        var row: [Float] = [0, -200, -.infinity, 1]
        row.withUnsafeMutableBufferPointer { VectorMath.softmaxRows($0.baseAddress!, rows: 1, count: 4) }
        #expect(row[1] == 0 && row[2] == 0)
        #expect(abs(row[0] + row[3] - 1) < 1e-6)
    }

    @Test("softmax rows of any length sum to 1 and keep their order")
    func softmax() {
        for count in [1, 7, 16, 23, 40] {
            var values = (0..<(2 * count)).map { Float(($0 * 37) % 11) - 5 }
            let original = values
            values.withUnsafeMutableBufferPointer { VectorMath.softmaxRows($0.baseAddress!, rows: 2, count: count) }
            for row in 0..<2 {
                let slice = values[(row * count)..<((row + 1) * count)]
                let largest = original[(row * count)..<((row + 1) * count)].max()!
                let reference = original[(row * count)..<((row + 1) * count)].map { Foundation.exp(Double($0 - largest)) }
                let total = reference.reduce(0, +)
                for (value, exact) in zip(slice, reference) { #expect(abs(Double(value) - exact / total) < 1e-6) }
            }
        }
    }

    @Test("residual sum and layer norm match the scalar formula, widths with and without a tail")
    func layerNorm() {
        for width in [16, 20, 384] {
            let rows = 3
            var values = (0..<(rows * width)).map { Float(sin(Double($0))) * 3 }
            let residual = (0..<(rows * width)).map { Float(cos(Double($0) * 0.7)) }
            let weight = (0..<width).map { 1 + Float($0 % 5) * 0.1 }
            let bias = (0..<width).map { Float($0 % 3) * 0.01 }
            let input = values
            values.withUnsafeMutableBufferPointer { buffer in
                VectorMath.addLayerNorm(buffer.baseAddress!, residual: residual, rows: rows, width: width,
                                        weight: weight, bias: bias, epsilon: 1e-12)
            }
            for r in 0..<rows {
                let x = (0..<width).map { Double(input[r * width + $0] + residual[r * width + $0]) }
                let mean = x.reduce(0, +) / Double(width)
                let variance = x.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(width)
                for c in 0..<width {
                    let expected = (x[c] - mean) / (variance + 1e-12).squareRoot() * Double(weight[c]) + Double(bias[c])
                    #expect(abs(Double(values[r * width + c]) - expected) < 1e-4)
                }
            }
        }
    }

    @Test("dot products of any length")
    func dot() {
        for count in [0, 5, 16, 384, 391] {
            let a = (0..<count).map { Float($0 % 7) - 3 }
            let b = (0..<count).map { Float($0 % 5) * 0.5 }
            let exact = zip(a, b).reduce(Float(0)) { $0 + $1.0 * $1.1 }
            #expect(abs(VectorMath.dot(a, b, count: count) - exact) < 1e-3)
        }
    }
}
