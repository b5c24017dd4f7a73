import LinearAlgebra

extension SimilarityMatrix {
    /// The progress stage reported while candidate blocks are streamed.
    public static let progressStage = "similarity"

    /// Streams every checkpoint's candidates in blocks of `input.blockRows`, normalises each block
    /// in float32, multiplies it by the normalised targets (float32 GEMM) and adds `w_t * S_t` in
    /// float64, checkpoint by checkpoint in order. `weights` are the normalised checkpoint weights
    /// (`SelectionInput.validate()`). Throws `non_finite_input` on a NaN/Inf candidate value and
    /// `cancelled` between blocks.
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
    mutating func accumulate(
        _ checkpoint: SelectionCheckpoint, weight: Double, blockRows: Int, control: SelectionControl,
        onBlock: (_ rows: Int) -> Void
    ) throws {
        let d = checkpoint.candidates.dim
        let m = targetCount
        let n = candidateCount
        let targets = checkpoint.targets.rowNormalized()
        let step = max(1, min(blockRows, n))
        var block = [Float](repeating: 0, count: step * d)
        var product = [Float](repeating: 0, count: m * step)
        try checkpoint.candidates.forEachBlock(maxRows: step) { start, rows, raw in
            try control.checkCancelled()
            guard rows <= step, raw.count == rows * d else {
                throw SelectionError(.shapeMismatch, "candidate block of \(raw.count) values for \(rows) rows of d = \(d)", parameter: "candidates")
            }
            try Self.normalizeBlock(raw, into: &block, rows: rows, dim: d, firstRow: start, label: checkpoint.label)
            Self.multiply(targets: targets, block: block, rows: rows, into: &product)
            addScaled(product, rows: rows, at: start, weight: weight, targetCount: m, candidateCount: n)
            onBlock(rows)
        }
    }

    /// Copies a block into `block`, rejecting non-finite values, and normalises its rows in place
    /// (float32 norm, sequential loop: identical rows give identical bits wherever they sit).
    static func normalizeBlock(
        _ raw: UnsafeBufferPointer<Float>, into block: inout [Float], rows: Int, dim: Int, firstRow: Int, label: String
    ) throws {
        try block.withUnsafeMutableBufferPointer { out in
            guard let dst = out.baseAddress else { return }
            for r in 0..<rows {
                let base = r * dim
                for c in 0..<dim {
                    let x = raw[base + c]
                    guard x.isFinite else {
                        throw SelectionError(.nonFiniteInput, "candidate \(firstRow + r) of checkpoint \(label) contains NaN or Inf", parameter: "candidates")
                    }
                    dst[base + c] = x
                }
            }
            RowNormalization.normalizeRows(dst, rows: rows, cols: dim)
        }
    }

    /// `product (M x rows) = targets (M x d) * block^T`, one float32 GEMM.
    static func multiply(targets: Matrix, block: [Float], rows: Int, into product: inout [Float]) {
        let m = targets.rows
        let d = targets.cols
        targets.values.withUnsafeBufferPointer { q in
            block.withUnsafeBufferPointer { c in
                product.withUnsafeMutableBufferPointer { p in
                    guard let qa = q.baseAddress, let ca = c.baseAddress, let pa = p.baseAddress else { return }
                    BLAS.sgemm(transposeB: true, m: m, n: rows, k: d, a: qa, lda: d, b: ca, ldb: d, c: pa, ldc: rows)
                }
            }
        }
    }

    /// `S[i, start + j] += weight * Double(product[i, j])`.
    mutating func addScaled(_ product: [Float], rows: Int, at start: Int, weight: Double, targetCount m: Int, candidateCount n: Int) {
        values.withUnsafeMutableBufferPointer { s in
            product.withUnsafeBufferPointer { p in
                for i in 0..<m {
                    let sRow = i * n + start
                    let pRow = i * rows
                    for j in 0..<rows { s[sRow + j] += weight * Double(p[pRow + j]) }
                }
            }
        }
    }
}
