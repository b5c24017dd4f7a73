import LinearAlgebra

/// The whitening of one checkpoint (tarot.md §2): pooled mean and biased covariance over
/// candidates AND targets (float64, candidates streamed in two passes), relative ridge, and the
/// lower Cholesky factor. `unitRow` maps a raw row to `psi = z / max(‖z‖, 1e-12)`, `L z = x - mu`.
struct TAROTWhitening {
    let d: Int
    let mean: [Double]
    /// `L^T`, row-major (column c of L contiguous), for the forward substitution.
    let lowerTransposed: [Double]
    static let chunkRows = 256

    /// Columns per task of the mean pass: each column's sum still adds the rows in row order.
    static let meanColumns = 64

    init(_ checkpoint: SelectionCheckpoint, ridge: Double, blockRows: Int, pool: WorkerPool, control: SelectionControl) throws {
        let d = checkpoint.candidates.dim
        let m = checkpoint.targets.rows
        let total = Double(checkpoint.candidates.rowCount + m)
        self.d = d
        var sum = [Double](repeating: 0, count: d)
        // Parallel over fixed column ranges: every sum[c] is the same chain of additions in row
        // order as on one thread, so the mean is bit-identical for every pool width.
        let columns = WorkerPool.ranges(d, size: Self.meanColumns)
        try sum.withUnsafeMutableBufferPointer { sums in
            try checkpoint.candidates.forEachBlock(maxRows: blockRows) { _, rows, values in
                try control.checkCancelled()
                let finite = try pool.map(columns.count) { task, _ -> Bool in
                    var finite = true
                    for r in 0..<rows {
                        for c in columns[task] {
                            let v = values[r * d + c]
                            finite = finite && v.isFinite
                            sums[c] += Double(v)
                        }
                    }
                    return finite
                }
                guard !finite.contains(false) else {
                    throw SelectionError(.nonFiniteInput, "candidates of checkpoint \(checkpoint.label) contain NaN or Inf", parameter: "candidates")
                }
            }
        }
        for r in 0..<m { for c in 0..<d { sum[c] += Double(checkpoint.targets.values[r * d + c]) } }
        let mean = sum.map { $0 / total }
        self.mean = mean

        // The candidate rows are re-chunked into fixed runs of `chunkRows` (by global row index),
        // so the covariance sums, and everything after them, do not depend on the streaming block size.
        var covariance = [Double](repeating: 0, count: d * d)
        var centred = [Double](repeating: 0, count: Self.chunkRows * d)
        var filled = 0
        func flush() {
            guard filled > 0 else { return }
            centred.withUnsafeBufferPointer { a in
                covariance.withUnsafeMutableBufferPointer { s in
                    BLAS.dsyrk(transpose: true, n: d, k: filled, a: a.baseAddress!, lda: d, beta: 1, c: s.baseAddress!, ldc: d)
                }
            }
            filled = 0
        }
        func append(_ values: UnsafeBufferPointer<Float>, rows: Int) {
            for r in 0..<rows {
                for c in 0..<d { centred[filled * d + c] = Double(values[r * d + c]) - mean[c] }
                filled += 1
                if filled == Self.chunkRows { flush() }
            }
        }
        try checkpoint.candidates.forEachBlock(maxRows: blockRows) { _, rows, values in
            try control.checkCancelled()
            append(values, rows: rows)
        }
        flush()
        checkpoint.targets.values.withUnsafeBufferPointer { append($0, rows: m) }
        flush()
        mirrorUpperToLowerArray(&covariance, n: d)
        var trace = 0.0
        for c in 0..<d { trace += covariance[c * d + c] / total }
        let lambda = ridge * trace / Double(d)
        var sigma = DoubleMatrix(rows: d, cols: d, values: covariance.map { $0 / total })
        for c in 0..<d { sigma.values[c * d + c] += lambda }
        let lower: DoubleMatrix
        do { lower = try LAPACK.choleskyLower(sigma) } catch {
            throw SelectionError(.degenerateInput, "checkpoint \(checkpoint.label): the feature covariance is not positive definite (zero variance or ridge 0)", parameter: "candidates")
        }
        lowerTransposed = lower.transposed().values
    }

    /// The unit whitened row of one raw row.
    func unitRow(_ x: UnsafePointer<Float>, into out: inout [Double]) {
        for c in 0..<d { out[c] = Double(x[c]) - mean[c] }
        out.withUnsafeMutableBufferPointer { z in
            lowerTransposed.withUnsafeBufferPointer { lt in
                FixedOrderKernels.forwardSubstitute(z.baseAddress!, lowerTransposed: lt.baseAddress!, d: d)
            }
        }
        var s = 0.0
        for c in 0..<d { s += out[c] * out[c] }
        let norm = max(s.squareRoot(), 1e-12)
        for c in 0..<d { out[c] /= norm }
    }

    /// Unit whitened rows of `rows` raw rows (row-major), concatenated.
    func unitRows(_ values: [Float], rows: Int) -> [Double] {
        var out = [Double](repeating: 0, count: rows * d)
        var row = [Double](repeating: 0, count: d)
        values.withUnsafeBufferPointer { v in
            for r in 0..<rows {
                unitRow(v.baseAddress! + r * d, into: &row)
                for c in 0..<d { out[r * d + c] = row[c] }
            }
        }
        return out
    }
}

private func mirrorUpperToLowerArray(_ a: inout [Double], n: Int) {
    a.withUnsafeMutableBufferPointer { mirrorUpperToLower($0.baseAddress!, n: n, ldc: n) }
}
