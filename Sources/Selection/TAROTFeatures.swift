import LinearAlgebra

/// The whitened, concatenated unit features of TAROT (tarot.md §2) and what is derived from them:
/// the float32-rule scores for ranking and the float64 inner products for the Sinkhorn cost.
///
/// Memory: N x M scores and inner products, plus the float64 rows `x` of every candidate
/// (N x Σd_t), which the Sinkhorn bounding box needs for whatever subset a fold proposes. The
/// candidate source itself is streamed (three passes per checkpoint) and never copied whole.
struct TAROTFeatures {
    let n: Int
    let m: Int
    /// Σ d_t, the length of a concatenated row.
    let width: Int
    /// N x width, row-major: `x_i = [sqrt(w_1) psi_1,i, ...]`.
    var candidateRows: [Double]
    /// M x width.
    var targetRows: [Double]
    /// M x N, target-major: `S[i, j]` at `[j * N + i]`.
    var scoresByTarget: [Double]
    /// N x M: `<x_i, y_j>` in float64.
    var inner: [Double]
    var warnings: [String]

    init(_ input: SelectionInput, weights: [Double], ridge: Double, control: SelectionControl) throws {
        n = input.candidateCount
        m = input.targetCount
        width = input.checkpoints.reduce(0) { $0 + $1.candidates.dim }
        candidateRows = [Double](repeating: 0, count: n * width)
        targetRows = [Double](repeating: 0, count: m * width)
        scoresByTarget = [Double](repeating: 0, count: n * m)
        inner = []
        warnings = []
        var offset = 0
        for (t, checkpoint) in input.checkpoints.enumerated() {
            try addCheckpoint(checkpoint, weight: weights[t], offset: offset, ridge: ridge, blockRows: input.blockRows, control: control)
            offset += checkpoint.candidates.dim
        }
        inner = innerProducts()
    }

    /// Whitens one checkpoint (mean, covariance, Cholesky) and writes its columns of `x`/`y` and its
    /// share of the scores.
    private mutating func addCheckpoint(
        _ checkpoint: SelectionCheckpoint, weight: Double, offset: Int, ridge: Double, blockRows: Int, control: SelectionControl
    ) throws {
        let d = checkpoint.candidates.dim
        let whitening = try TAROTWhitening(checkpoint, ridge: ridge, blockRows: blockRows, control: control)
        if n + m < 10 * d {
            warnings.append("N + M = \(n + m) < 10 * d = \(10 * d): the whitened geometry is unreliable (rank-deficient covariance)")
        }
        let scale = weight.squareRoot()
        let targetUnit = whitening.unitRows(checkpoint.targets.values, rows: m)
        // Float targets, transposed (d x M): the right operand of the float32 score products.
        var targetFloatT = [Float](repeating: 0, count: d * m)
        for j in 0..<m {
            for c in 0..<d {
                targetFloatT[c * m + j] = Float(targetUnit[j * d + c])
                targetRows[j * width + offset + c] = scale * targetUnit[j * d + c]
            }
        }
        var unit = [Double](repeating: 0, count: d)
        var unitFloat = [Float](repeating: 0, count: blockRows * d)
        var dots = [Float](repeating: 0, count: blockRows * m)
        let (n, m, width) = (self.n, self.m, self.width)
        try checkpoint.candidates.forEachBlock(maxRows: blockRows) { start, rows, values in
            try control.checkCancelled()
            for row in 0..<rows {
                let i = start + row
                whitening.unitRow(values.baseAddress! + row * d, into: &unit)
                for c in 0..<d {
                    candidateRows[i * width + offset + c] = scale * unit[c]
                    unitFloat[row * d + c] = Float(unit[c])
                }
            }
            // The float32 scores of the whole block through the fixed-order tiled kernel.
            unitFloat.withUnsafeBufferPointer { u in
                targetFloatT.withUnsafeBufferPointer { tt in
                    dots.withUnsafeMutableBufferPointer { out in
                        FixedOrderKernels.rowsTimesMatrix(u.baseAddress!, rows: rows, k: d, tt.baseAddress!, n: m, into: out.baseAddress!)
                    }
                }
            }
            for row in 0..<rows {
                for j in 0..<m { scoresByTarget[j * n + start + row] += weight * Double(dots[row * m + j]) }
            }
            control.progress("tarot_whitening", start + rows, n)
        }
    }

    /// `<x_i, y_j>` for every candidate and target, one candidate row at a time.
    private func innerProducts() -> [Double] {
        var out = [Double](repeating: 0, count: n * m)
        var targetsT = [Double](repeating: 0, count: width * m)
        for j in 0..<m {
            for c in 0..<width { targetsT[c * m + j] = targetRows[j * width + c] }
        }
        candidateRows.withUnsafeBufferPointer { x in
            targetsT.withUnsafeBufferPointer { yt in
                out.withUnsafeMutableBufferPointer { o in
                    for i in 0..<n {
                        FixedOrderKernels.rowTimesMatrix(x.baseAddress! + i * width, k: width, yt.baseAddress!, n: m, into: o.baseAddress! + i * m)
                    }
                }
            }
        }
        return out
    }

    func score(candidate i: Int, target j: Int) -> Double { scoresByTarget[j * n + i] }
}
