/// A dense row-major matrix of `Double`: the small dense linear algebra of the specs
/// (Gram eigensolves, covariances, Cholesky, Sinkhorn) is float64.
public struct DoubleMatrix: Sendable, Equatable {
    public let rows: Int
    public let cols: Int
    public var values: [Double]

    public init(rows: Int, cols: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && cols >= 0, "Matrix dimensions must be non-negative")
        self.rows = rows
        self.cols = cols
        self.values = [Double](repeating: value, count: rows * cols)
    }

    public init(rows: Int, cols: Int, values: [Double]) {
        precondition(rows >= 0 && cols >= 0, "Matrix dimensions must be non-negative")
        precondition(values.count == rows * cols, "Matrix needs rows * cols values")
        self.rows = rows
        self.cols = cols
        self.values = values
    }

    /// Widens a float32 matrix; exact.
    public init(_ m: Matrix) {
        self.init(rows: m.rows, cols: m.cols, values: m.values.map(Double.init))
    }

    public subscript(row: Int, col: Int) -> Double {
        get { values[row * cols + col] }
        set { values[row * cols + col] = newValue }
    }

    public func row(_ r: Int) -> [Double] {
        Array(values[(r * cols)..<((r + 1) * cols)])
    }

    public static func identity(_ n: Int) -> DoubleMatrix {
        var m = DoubleMatrix(rows: n, cols: n)
        for i in 0..<n { m.values[i * n + i] = 1 }
        return m
    }

    public func transposed() -> DoubleMatrix {
        var out = DoubleMatrix(rows: cols, cols: rows)
        for r in 0..<rows {
            for c in 0..<cols { out.values[c * rows + r] = values[r * cols + c] }
        }
        return out
    }
}
