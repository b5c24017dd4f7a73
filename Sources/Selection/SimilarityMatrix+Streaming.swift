import LinearAlgebra

extension SimilarityMatrix {
    /// The progress stage reported while candidate blocks are streamed.
    public static let progressStage = "similarity"

    /// Streams every checkpoint's candidates (source blocks of `input.blockRows`), multiplies
    /// fixed-shape tiles of rows by the normalised targets (float32 GEMM, see `SimilarityTile`),
    /// divides by the float32 row norms and adds `w_t * S_t` in float64, checkpoint by checkpoint.
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
    /// `cos = (q̂ · c) / max(‖c‖, 1e-12)`: the GEMM takes the raw candidate rows where they lie
    /// and each column is divided by its float32 norm afterwards (M divisions per row instead of
    /// a normalised copy of d values; the same quotient up to float32 rounding). Duplicates: a
    /// repeated row takes its first occurrence's float32 column (`RowRepeats` explains why), so
    /// the checkpoint's cosines are kept in float32 until the pass ends.
    mutating func accumulate(
        _ checkpoint: SelectionCheckpoint, weight: Double, blockRows: Int, control: SelectionControl,
        onBlock: (_ rows: Int) -> Void
    ) throws {
        let (m, n) = (targetCount, candidateCount)
        var tile = SimilarityTile(candidateCount: n, left: checkpoint.targets.rowNormalized())
        var norms = [Float](repeating: 1, count: n)
        var cosines = [Float](repeating: 0, count: m * n)
        var repeats = RowRepeats()
        let cap = tile.capacity
        let store = { (start: Int, used: Int, p: UnsafeBufferPointer<Float>) in
            Self.storeCosines(p, capacity: cap, start: start, used: used, norms: norms, into: &cosines, m: m, n: n)
        }
        try tile.stream(
            checkpoint, blockRows: blockRows, control: control, scan: RowScan.float32, repeats: &repeats,
            keepNorm: { norms[$0] = max($1.squareRoot(), RowNormalization.floor) }, afterBlock: { onBlock($1) }, store: store)
        cosines.withUnsafeMutableBufferPointer { c in
            for (row, first) in repeats.pairs {
                for i in 0..<m { c[i * n + row] = c[i * n + first] }
            }
        }
        addScaled(cosines, stride: n, rows: n, at: 0, weight: weight)
    }

    /// `cosines[i, start + j] = product[i, j] / norms[start + j]` for the tile's `used` columns.
    private static func storeCosines(
        _ p: UnsafeBufferPointer<Float>, capacity cap: Int, start: Int, used: Int, norms: [Float],
        into cosines: inout [Float], m: Int, n: Int
    ) {
        cosines.withUnsafeMutableBufferPointer { c in
            norms.withUnsafeBufferPointer { norm in
                for i in 0..<m {
                    for j in 0..<used { c[i * n + start + j] = p[i * cap + j] / norm[start + j] }
                }
            }
        }
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
