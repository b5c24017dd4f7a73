import LinearAlgebra

extension SimilarityMatrix {
    /// The progress stage reported while candidate blocks are streamed.
    public static let progressStage = "similarity"

    /// Streams every checkpoint's candidates (source blocks of `input.blockRows`), normalises each
    /// row in float32, multiplies fixed-shape tiles of rows by the normalised targets (float32 GEMM,
    /// see `SimilarityTile`) and adds `w_t * S_t` in float64, checkpoint by checkpoint in order.
    /// `weights` are the normalised checkpoint weights (`SelectionInput.validate()`). Throws
    /// `non_finite_input` on a NaN/Inf candidate value and `cancelled` between blocks.
    public static func compute(
        _ input: SelectionInput, weights: [Double], control: SelectionControl = .none
    ) throws -> SimilarityMatrix {
        let m = input.targetCount
        let n = input.candidateCount
        var s = SimilarityMatrix(targetCount: m, candidateCount: n, values: [Double](repeating: 0, count: m * n))
        let total = n * input.checkpoints.count
        var done = 0
        for (t, checkpoint) in input.checkpoints.enumerated() {
            try s.accumulate(checkpoint, weight: weights[t], blockRows: input.blockRows, control: control) { rows in
                done += rows
                control.progress(progressStage, done, total)
            }
        }
        return s
    }

    /// Adds `weight * cos(targets, candidates)` of one checkpoint.
    ///
    /// Duplicates: a repeated row takes its first occurrence's float32 column (`RowRepeats`
    /// explains why), so the checkpoint's cosines are kept in float32 until the pass ends.
    mutating func accumulate(
        _ checkpoint: SelectionCheckpoint, weight: Double, blockRows: Int, control: SelectionControl,
        onBlock: (_ rows: Int) -> Void
    ) throws {
        let d = checkpoint.candidates.dim
        let targets = checkpoint.targets.rowNormalized()
        var tile = SimilarityTile(candidateCount: candidateCount, dim: d)
        var product = [Float](repeating: 0, count: targetCount * tile.capacity)
        var cosines = [Float](repeating: 0, count: targetCount * candidateCount)
        var repeats = RowRepeats()
        try checkpoint.candidates.forEachBlock(maxRows: max(1, blockRows)) { start, rows, raw in
            try control.checkCancelled()
            guard raw.count == rows * d, start == tile.start + tile.filled else {
                throw SelectionError(.shapeMismatch, "candidate block at row \(start) holds \(raw.count) values for \(rows) rows of d = \(d)", parameter: "candidates")
            }
            guard let base = raw.baseAddress else { return }
            for r in 0..<rows {
                let j = start + r
                repeats.record(base + r * d, count: d, row: j)
                guard tile.append(raw, row: r) else {
                    throw SelectionError(.nonFiniteInput, "candidate \(j) of checkpoint \(checkpoint.label) contains NaN or Inf", parameter: "candidates")
                }
                if tile.isFull { flush(&tile, targets: targets, product: &product, into: &cosines) }
            }
            onBlock(rows)
        }
        if !tile.isEmpty { flush(&tile, targets: targets, product: &product, into: &cosines) }
        let (m, n) = (targetCount, candidateCount)
        cosines.withUnsafeMutableBufferPointer { c in
            for (row, first) in repeats.pairs {
                for i in 0..<m { c[i * n + row] = c[i * n + first] }
            }
        }
        addScaled(cosines, stride: n, rows: n, at: 0, weight: weight)
    }

    /// Multiplies the tile and stores its float32 cosines at the tile's columns of `cosines` (M x N).
    private func flush(_ tile: inout SimilarityTile, targets: Matrix, product: inout [Float], into cosines: inout [Float]) {
        tile.multiply(targets: targets, into: &product)
        let (m, n, cap, start, used) = (targetCount, candidateCount, tile.capacity, tile.start, tile.filled)
        cosines.withUnsafeMutableBufferPointer { c in
            product.withUnsafeBufferPointer { p in
                for i in 0..<m {
                    for j in 0..<used { c[i * n + start + j] = p[i * cap + j] }
                }
            }
        }
        tile.reset()
    }

    /// `S[i, start + j] += weight * Double(product[i, j])` for the first `rows` columns.
    mutating func addScaled(_ product: [Float], stride: Int, rows: Int, at start: Int, weight: Double) {
        let m = targetCount
        let n = candidateCount
        values.withUnsafeMutableBufferPointer { s in
            product.withUnsafeBufferPointer { p in
                for i in 0..<m {
                    let sRow = i * n + start
                    let pRow = i * stride
                    for j in 0..<rows { s[sRow + j] += weight * Double(p[pRow + j]) }
                }
            }
        }
    }
}
