import LinearAlgebra

/// A pool matrix prepared once for many exemplar requests (the Service caches one per
/// pool/feature): its rows are checked finite here, and the largest row norm is kept so that the
/// first stage can preselect with one pre-scan (a binary16 copy's products, or one BLAS sgemv)
/// and re-score only a provably safe margin exactly (`ExemplarFirstStage.preselected`).
public struct ExemplarPool: Sendable {
    public let matrix: Matrix
    /// `max_p ‖pool[p]‖₂`, summed in float64 (a bound only, never part of a result).
    public let maxRowNorm: Double
    /// The binary16 copy the pre-scan reads instead of the float32 rows (half the bytes), when
    /// the CPU supports it and every value fits; `nil` means the pre-scan is one sgemv.
    public let halfRows: HalfPrecisionRows?

    /// Throws `empty_input` for an empty matrix and `non_finite_input` naming the first bad row.
    /// `halfPrecisionScan: false` keeps the sgemv pre-scan (the result is the same either way).
    public init(_ matrix: Matrix, halfPrecisionScan: Bool = true) throws {
        guard matrix.rows >= 1 else { throw SelectionError(.emptyInput, "the pool has no rows", parameter: "pool") }
        guard matrix.cols >= 1 else { throw SelectionError(.emptyInput, "pool vectors have dimension 0", parameter: "pool") }
        var largest = 0.0
        let d = matrix.cols
        for r in 0..<matrix.rows {
            var s = 0.0
            for t in 0..<d {
                let v = matrix.values[r * d + t]
                guard v.isFinite else { throw SelectionError(.nonFiniteInput, "pool row \(r) contains NaN or Inf", parameter: "pool") }
                s += Double(v) * Double(v)
            }
            largest = max(largest, s.squareRoot())
        }
        self.matrix = matrix
        self.maxRowNorm = largest
        self.halfRows = halfPrecisionScan ? HalfPrecisionRows(matrix) : nil
    }
}
