@testable import LinearAlgebra

/// Deterministic random test data from SplitMix64 (no dependence on the system RNG).
struct TestRandom {
    var g: SplitMix64

    init(seed: UInt64) { g = SplitMix64(seed: seed) }

    /// Uniform in [-1, 1).
    mutating func float() -> Float { Float(Double(g.next() >> 11) / Double(1 << 53) * 2 - 1) }

    mutating func matrix(_ rows: Int, _ cols: Int) -> Matrix {
        Matrix(rows: rows, cols: cols, values: (0..<(rows * cols)).map { _ in float() })
    }

    mutating func doubleMatrix(_ rows: Int, _ cols: Int) -> DoubleMatrix {
        DoubleMatrix(matrix(rows, cols))
    }
}

func relativeError(_ a: [Float], _ b: [Float]) -> Float {
    var num: Float = 0, den: Float = 0
    for (x, y) in zip(a, b) { num = max(num, abs(x - y)); den = max(den, abs(y)) }
    return num / max(den, 1e-30)
}

func relativeError(_ a: [Double], _ b: [Double]) -> Double {
    var num = 0.0, den = 0.0
    for (x, y) in zip(a, b) { num = max(num, abs(x - y)); den = max(den, abs(y)) }
    return num / max(den, 1e-300)
}
