/// The encoder's element-wise loops in 16-lane vectors: `exp`, row softmax, dot products and
/// the residual sum with its layer norm. Plain `for` loops over `Float` reductions stay scalar
/// (floating-point addition is not reassociated), and `expf` is a library call per element.
public enum VectorMath {
    public typealias Lanes = SIMD16<Float>

    /// `eˣ` per lane, relative error under 2·10⁻⁷ for x in [−87, 88] (Cephes' `expf`: x = n·ln 2 + r,
    /// a degree-6 polynomial in r, then 2ⁿ built in the exponent bits); below −87 it is 0.
    @inline(__always)
    public static func exp(_ x: Lanes) -> Lanes {
        let clamped = x.clamped(lowerBound: Lanes(repeating: -87.3), upperBound: Lanes(repeating: 88.7))
        let n = (clamped * 1.44269504088896341).rounded(.toNearestOrEven)
        var r = clamped - n * 0.693359375
        r -= n * -2.12194440e-4
        var p = Lanes(repeating: 1.9875691500e-4)
        p = p * r + 1.3981999507e-3
        p = p * r + 8.3334519073e-3
        p = p * r + 4.1665795894e-2
        p = p * r + 1.6666665459e-1
        p = p * r + 5.0000001201e-1
        p = p * r * r + r + 1
        let exponent = (SIMD16<Int32>(n, rounding: .toNearestOrEven) &+ 127) &<< 23
        let scale = unsafeBitCast(exponent, to: Lanes.self)
        return (p * scale).replacing(with: 0, where: x .< -87.3)
    }

    /// Softmax of each of `rows` rows of `count` values, stored one after another, in place.
    public static func softmaxRows(_ values: UnsafeMutablePointer<Float>, rows: Int, count: Int) {
        for r in 0..<rows {
            let row = values + r * count
            var largest = -Float.infinity
            for i in 0..<count { largest = max(largest, row[i]) }
            var sums = Lanes()
            var i = 0
            while i + 16 <= count {
                let e = exp(load(row + i) - largest)
                store(e, row + i)
                sums += e
                i += 16
            }
            var sum = sums.sum()
            if i < count {
                // The tail in one vector: lanes past the row read as −∞ and count as 0.
                var tail = Lanes(repeating: -Float.infinity)
                for lane in 0..<(count - i) { tail[lane] = row[i + lane] - largest }
                let e = exp(tail)
                for lane in 0..<(count - i) { row[i + lane] = e[lane]; sum += e[lane] }
            }
            let inverse = 1 / sum
            for i in 0..<count { row[i] *= inverse }
        }
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
