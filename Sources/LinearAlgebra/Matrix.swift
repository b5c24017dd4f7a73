/// A dense row-major matrix of `Float` in one contiguous buffer (no per-row arrays).
///
/// Element `(r, c)` lives at `values[r * cols + c]`. Row-major matches how feature rows are stored
/// (one BLOB per item) and how CBLAS/LAPACKE are called (`CblasRowMajor`, `LAPACK_ROW_MAJOR`).
public struct Matrix: Sendable, Equatable {
    public let rows: Int
    public let cols: Int
    public var values: [Float]

    public init(rows: Int, cols: Int, repeating value: Float = 0) {
        precondition(rows >= 0 && cols >= 0, "Matrix dimensions must be non-negative")
        self.rows = rows
        self.cols = cols
        self.values = [Float](repeating: value, count: rows * cols)
    }

    /// Wraps `values` (row-major, `rows * cols` entries).
    public init(rows: Int, cols: Int, values: [Float]) {
        precondition(rows >= 0 && cols >= 0, "Matrix dimensions must be non-negative")
        precondition(values.count == rows * cols, "Matrix needs rows * cols values")
        self.rows = rows
        self.cols = cols
        self.values = values
    }

    /// Builds a matrix from rows of equal length; `nil` if the rows are ragged.
    public init?(rowArrays: [[Float]], cols explicitCols: Int? = nil) {
        let cols = explicitCols ?? rowArrays.first?.count ?? 0
        var values = [Float]()
        values.reserveCapacity(rowArrays.count * cols)
        for row in rowArrays {
            guard row.count == cols else { return nil }
            values.append(contentsOf: row)
        }
        self.init(rows: rowArrays.count, cols: cols, values: values)
    }

    public subscript(row: Int, col: Int) -> Float {
        get { values[row * cols + col] }
        set { values[row * cols + col] = newValue }
    }

    /// A copy of row `r`.
    public func row(_ r: Int) -> [Float] {
        Array(values[(r * cols)..<((r + 1) * cols)])
    }

    public var isEmpty: Bool { rows == 0 || cols == 0 }

    /// True when every entry is finite (no NaN, no ±Inf).
    public var allFinite: Bool { values.allSatisfy { $0.isFinite } }

    /// The transpose, as a new matrix.
    public func transposed() -> Matrix {
        var out = Matrix(rows: cols, cols: rows)
        for r in 0..<rows {
            for c in 0..<cols { out.values[c * rows + r] = values[r * cols + c] }
        }
        return out
    }
}
