import CVectorMath

/// The encoder's element-wise loops, vectorised: row softmax and GELU in C (CVectorMath), dot
/// products and the residual sum with its layer norm in 16-lane vectors. Plain `for` loops over
/// `Float` reductions stay scalar (floating-point addition is not reassociated), and `expf` is a
/// library call per element.
public enum VectorMath {
    public typealias Lanes = SIMD16<Float>

    /// Softmax of each of `rows` rows of `count` values, stored one after another, in place.
    public static func softmaxRows(_ values: UnsafeMutablePointer<Float>, rows: Int, count: Int) {
        folio_softmax_rows(values, rows, count)
    }

    /// The exact (erf) GELU, `x · Φ(x)`, in place (erf by Abramowitz and Stegun 7.1.28, absolute
    /// error under 3·10⁻⁷).
    public static func gelu(_ values: UnsafeMutableBufferPointer<Float>) {
        guard let base = values.baseAddress else { return }
        folio_gelu(base, values.count)
    }

    /// `a · b` over `count` values.
    @inline(__always)
    public static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        var sums = Lanes()
        var i = 0
        while i + 16 <= count {
            sums += load(a + i) * load(b + i)
            i += 16
        }
        var sum = sums.sum()
        while i < count { sum += a[i] * b[i]; i += 1 }
        return sum
    }

    /// Each of `rows` rows of `width` values becomes `layerNorm(row + residual row)` with `weight`
    /// and `bias`, in place.
    public static func addLayerNorm(_ values: UnsafeMutablePointer<Float>, residual: UnsafePointer<Float>?, rows: Int,
                                    width: Int, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>, epsilon: Float) {
        let vectorWidth = width - width % 16
        for r in 0..<rows {
            let row = values + r * width
            if let residual {
                let other = residual + r * width
                var i = 0
                while i < vectorWidth { store(load(row + i) + load(other + i), row + i); i += 16 }
                while i < width { row[i] += other[i]; i += 1 }
            }
            var sums = Lanes()
            var i = 0
            while i < vectorWidth { sums += load(row + i); i += 16 }
            var sum = sums.sum()
            while i < width { sum += row[i]; i += 1 }
            let mean = sum / Float(width)
            var squares = Lanes()
            i = 0
            while i < vectorWidth { let c = load(row + i) - mean; squares += c * c; i += 16 }
            var square = squares.sum()
            while i < width { let c = row[i] - mean; square += c * c; i += 1 }
            let inverse = 1 / (square / Float(width) + epsilon).squareRoot()
            i = 0
            while i < vectorWidth {
                store((load(row + i) - mean) * inverse * load(weight + i) + load(bias + i), row + i)
                i += 16
            }
            while i < width { row[i] = (row[i] - mean) * inverse * weight[i] + bias[i]; i += 1 }
        }
    }

    @inline(__always)
    static func load(_ pointer: UnsafePointer<Float>) -> Lanes {
        UnsafeRawPointer(pointer).loadUnaligned(as: Lanes.self)
    }

    @inline(__always)
    static func load(_ pointer: UnsafeMutablePointer<Float>) -> Lanes {
        UnsafeRawPointer(pointer).loadUnaligned(as: Lanes.self)
    }

    @inline(__always)
    static func store(_ value: Lanes, _ pointer: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: Lanes.self)
    }
}
