import LinearAlgebra

/// The whitened, concatenated unit features of TAROT (tarot.md §2) and what is derived from them:
/// the float32-rule scores for ranking and the float64 inner products for the Sinkhorn cost.
///
/// The per-row work (triangular solve, float32 scores, float64 inner products) runs as BLAS
/// calls over tiles of consecutive rows fixed by global row index (`TAROTWhitenedTiles`), so
/// nothing depends on the streaming block size. BLAS may round rows of one call differently by
/// their position, so a candidate identical to an earlier one in every checkpoint takes that
/// row's results afterwards (`RowRepeats`, as in the similarity pass and GIST).
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
        inner = [Double](repeating: 0, count: n * m)
        warnings = []
        var offset = 0
        var repeats: [RowRepeats] = []
        for (t, checkpoint) in input.checkpoints.enumerated() {
            repeats.append(try addCheckpoint(checkpoint, weight: weights[t], offset: offset, ridge: ridge, blockRows: input.blockRows, control: control))
            offset += checkpoint.candidates.dim
        }
        copyRepeatedRows(Self.fullRepeats(repeats))
    }

    /// Whitens one checkpoint (mean, covariance, Cholesky) and writes its columns of `x`/`y`, its
    /// share of the scores and of the inner products; returns which of its rows repeat earlier ones.
    private mutating func addCheckpoint(
        _ checkpoint: SelectionCheckpoint, weight: Double, offset: Int, ridge: Double, blockRows: Int, control: SelectionControl
    ) throws -> RowRepeats {
        let d = checkpoint.candidates.dim
        let whitening = try TAROTWhitening(checkpoint, ridge: ridge, blockRows: blockRows, control: control)
        if n + m < 10 * d {
            warnings.append("N + M = \(n + m) < 10 * d = \(10 * d): the whitened geometry is unreliable (rank-deficient covariance)")
        }
        let scale = weight.squareRoot()
        let targetUnit = whitening.unitRows(checkpoint.targets.values, rows: m)
        // Float targets (M x d): the right operand of the float32 score products.
        var targetFloat = [Float](repeating: 0, count: m * d)
        for j in 0..<m {
            for c in 0..<d {
                targetFloat[j * d + c] = Float(targetUnit[j * d + c])
                targetRows[j * width + offset + c] = scale * targetUnit[j * d + c]
            }
        }
        var tiles = TAROTWhitenedTiles(whitening: whitening, targetFloat: targetFloat, weight: weight, offset: offset)
        var repeats = RowRepeats()
        try checkpoint.candidates.forEachBlock(maxRows: blockRows) { start, rows, values in
            try control.checkCancelled()
            guard values.count == rows * d else {
                throw SelectionError(.shapeMismatch, "candidate block at row \(start) holds \(values.count) values for \(rows) rows of d = \(d)", parameter: "candidates")
            }
            guard let base = values.baseAddress else { return }
            for row in 0..<rows {
                repeats.record(RowFingerprint(base + row * d, count: d), row: start + row)
                if tiles.append(base + row * d) { tiles.flush(into: &self) }
            }
            control.progress("tarot_whitening", start + rows, n)
        }
        tiles.flush(into: &self)
        return repeats
    }

    func score(candidate i: Int, target j: Int) -> Double { scoresByTarget[j * n + i] }
}
