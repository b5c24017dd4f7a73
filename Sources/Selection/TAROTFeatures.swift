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
/// With a pool of W workers, the tiles of each streamed block are flushed as one parallel step
/// (each worker with its own tile scratch: 256 rows x d in float64 and float32, 256 x M floats);
/// a tile's results do not depend on which worker made them, so neither do the features.
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

    init(_ input: SelectionInput, weights: [Double], ridge: Double, pool: WorkerPool, control: SelectionControl) throws {
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
            repeats.append(try addCheckpoint(
                checkpoint, weight: weights[t], offset: offset, ridge: ridge, blockRows: input.blockRows, pool: pool, control: control))
            offset += checkpoint.candidates.dim
        }
        copyRepeatedRows(Self.fullRepeats(repeats))
    }

    /// Whitens one checkpoint (mean, covariance, Cholesky) and writes its columns of `x`/`y`, its
    /// share of the scores and of the inner products; returns which of its rows repeat earlier ones.
    private mutating func addCheckpoint(
        _ checkpoint: SelectionCheckpoint, weight: Double, offset: Int, ridge: Double, blockRows: Int, pool: WorkerPool,
        control: SelectionControl
    ) throws -> RowRepeats {
        let d = checkpoint.candidates.dim
        let whitening = try TAROTWhitening(checkpoint, ridge: ridge, blockRows: blockRows, pool: pool, control: control)
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
        let tiles = TAROTWhitenedTiles(whitening: whitening, targetFloat: targetFloat, weight: weight, offset: offset)
        let (n, m, width) = (n, m, width)
        return try candidateRows.withUnsafeMutableBufferPointer { x in
            try targetRows.withUnsafeBufferPointer { y in
                try scoresByTarget.withUnsafeMutableBufferPointer { scores in
                    try inner.withUnsafeMutableBufferPointer { products in
                        let out = TAROTWhitenedTiles.Destination(
                            n: n, m: m, width: width, candidateRows: x.baseAddress!, targetRows: y.baseAddress!,
                            scoresByTarget: scores.baseAddress!, inner: products.baseAddress!)
                        return try Self.streamTiles(checkpoint, tiles: tiles, into: out, blockRows: blockRows, pool: pool, control: control)
                    }
                }
            }
        }
    }

    /// Streams the candidates through `tiles` (fixed 256-row tiles by global row index): per
    /// block, the tile carried over from the previous block is completed and flushed on the
    /// caller, the block's whole tiles (and the last, short one) are flushed as one parallel
    /// step, and the rest is carried. Returns which rows repeat earlier ones.
    private static func streamTiles(
        _ checkpoint: SelectionCheckpoint, tiles: TAROTWhitenedTiles, into out: TAROTWhitenedTiles.Destination, blockRows: Int,
        pool: WorkerPool, control: SelectionControl
    ) throws -> RowRepeats {
        let (d, n, tileRows) = (checkpoint.candidates.dim, out.n, TAROTWhitenedTiles.tileRows)
        var carry = tiles
        var scratch = [TAROTWhitenedTiles](repeating: tiles, count: pool.width)
        var repeats = RowRepeats()
        try scratch.withUnsafeMutableBufferPointer { workerTiles in
            try checkpoint.candidates.forEachBlock(maxRows: blockRows) { start, rows, values in
                try control.checkCancelled()
                guard values.count == rows * d else {
                    throw SelectionError(.shapeMismatch, "candidate block at row \(start) holds \(values.count) values for \(rows) rows of d = \(d)", parameter: "candidates")
                }
                guard let base = values.baseAddress else { return }
                for row in 0..<rows { repeats.record(RowFingerprint(base + row * d, count: d), row: start + row) }
                let end = start + rows
                var row = start
                if row % tileRows != 0 {  // the tile the previous block began
                    let stop = min(end, (row / tileRows + 1) * tileRows)
                    while row < stop {
                        _ = carry.append(base + (row - start) * d)
                        row += 1
                    }
                    if row % tileRows == 0 || row == n { carry.flush(into: out) }
                }
                let whole = stride(from: row, to: end, by: tileRows).filter { $0 + tileRows <= end || end == n }
                try pool.forEach(whole.count) { index, worker in
                    let first = whole[index]
                    workerTiles[worker].restart(at: first)
                    for r in first..<min(first + tileRows, end) { _ = workerTiles[worker].append(base + (r - start) * d) }
                    workerTiles[worker].flush(into: out)
                }
                row = whole.last.map { min($0 + tileRows, end) } ?? row
                if row < end { carry.restart(at: row) }
                while row < end {
                    _ = carry.append(base + (row - start) * d)
                    row += 1
                }
                control.progress("tarot_whitening", end, n)
            }
        }
        carry.flush(into: out)
        return repeats
    }

    func score(candidate i: Int, target j: Int) -> Double { scoresByTarget[j * n + i] }
}
