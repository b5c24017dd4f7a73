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
        try compute(input, weights: weights, pool: input.makePool(), control: control)
    }

    /// `compute` on the threads of `pool` (the caller keeps them for its own steps).
    static func compute(
        _ input: SelectionInput, weights: [Double], pool: WorkerPool, control: SelectionControl
    ) throws -> SimilarityMatrix {
        let m = input.targetCount
        let n = input.candidateCount
        var s = SimilarityMatrix(targetCount: m, candidateCount: n, values: try pool.zeroed(count: m * n))
        let total = n * input.checkpoints.count
        var done = 0
        // One checkpoint of weight 1: S = 0 + 1 * Double(cos) is Double(cos) with -0 made +0,
        // so the pass writes S itself instead of float32 cosines added afterwards.
        let direct = input.checkpoints.count == 1 && weights.first == 1
        for (t, checkpoint) in input.checkpoints.enumerated() {
            try s.accumulate(checkpoint, weight: weights[t], direct: direct, blockRows: input.blockRows, pool: pool, control: control) { rows in
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
    /// the checkpoint's cosines are kept in float32 until the pass ends. Every tile writes its
    /// own columns and the float64 sum is split by target rows, so no value depends on which
    /// worker computed it. `direct` (one checkpoint of weight 1, S still zero): the cosines go
    /// straight into S as `0 + Double(cos)`, the sum's own value, without the float32 copy.
    mutating func accumulate(
        _ checkpoint: SelectionCheckpoint, weight: Double, direct: Bool, blockRows: Int, pool: WorkerPool, control: SelectionControl,
        onBlock: (_ rows: Int) -> Void
    ) throws {
        let (m, n) = (targetCount, candidateCount)
        let tile = SimilarityTile(candidateCount: n, left: checkpoint.targets.rowNormalized())
        let cap = tile.capacity
        /// The tile stream storing each tile's cosines into `out` as `convert` makes them, then the repeats.
        func stream<T>(into out: UnsafeMutablePointer<T>, _ convert: (Float) -> T) throws {
            let scan = try tile.stream(
                checkpoint, blockRows: blockRows, pool: pool, control: control, scan: RowScan.float32, zero: Float(0),
                afterBlock: { onBlock($1) }
            ) { start, used, p, squaredNorms in
                Self.storeCosines(p, capacity: cap, start: start, used: used, squaredNorms: squaredNorms, into: out, m: m, n: n, convert)
            }
            for (row, first) in scan.repeats.pairs {
                for i in 0..<m { out[i * n + row] = out[i * n + first] }
            }
        }
        if direct {
            try values.withUnsafeMutableBufferPointer { s in try stream(into: s.baseAddress!) { 0 + Double($0) } }
            return
        }
        var cosines: [Float] = try pool.zeroed(count: m * n)
        try cosines.withUnsafeMutableBufferPointer { c in try stream(into: c.baseAddress!) { $0 } }
        try addScaled(cosines, weight: weight, pool: pool)
    }

    /// `out[i, start + j] = convert(product[i, j] / max(‖c_j‖, 1e-12))` for the tile's `used` columns.
    @inline(__always)
    private static func storeCosines<T>(
        _ p: UnsafePointer<Float>, capacity cap: Int, start: Int, used: Int, squaredNorms: UnsafePointer<Float>,
        into c: UnsafeMutablePointer<T>, m: Int, n: Int, _ convert: (Float) -> T
    ) {
        var norm = [Float](repeating: 1, count: used)
        for j in 0..<used { norm[j] = max(squaredNorms[start + j].squareRoot(), RowNormalization.floor) }
        norm.withUnsafeBufferPointer { norm in
            for i in 0..<m {
                for j in 0..<used { c[i * n + start + j] = convert(p[i * cap + j] / norm[j]) }
            }
        }
    }

    /// `S[i, j] += weight * Double(cosines[i, j])`, one task per target row.
    mutating func addScaled(_ cosines: [Float], weight: Double, pool: WorkerPool) throws {
        let (m, n) = (targetCount, candidateCount)
        try values.withUnsafeMutableBufferPointer { s in
            try cosines.withUnsafeBufferPointer { p in
                let (sBase, pBase) = (s.baseAddress!, p.baseAddress!)
                try pool.forEach(m) { i, _ in
                    let (sRow, pRow) = (sBase + i * n, pBase + i * n)
                    for j in 0..<n { sRow[j] += weight * Double(pRow[j]) }
                }
            }
        }
    }
}
