import LinearAlgebra

/// One checkpoint's candidates projected onto its subspace (gist.md §4): `z_i = g_i · Vf` for
/// every row (N x r float32) and `‖g_i‖²` in float64.
///
/// The float32 GEMM runs on fixed-shape tiles (`SimilarityTile`, the same path as the
/// similarity pass), so a row's `z` does not depend on the streaming block size. Rows of one
/// GEMM may still round differently by their position in the tile, so repeated rows are
/// recorded (`RowRepeats`) and take their first occurrence's cosines afterwards
/// (`GISTSelector.accumulateCosines`). This replaced a fixed-order scalar kernel that cost
/// about 4x the sgemm.
struct GISTProjection {
    let rank: Int
    /// N x r, row-major. Rows listed in `repeats` are not read (they copy their first occurrence).
    private(set) var values: [Float]
    /// `‖g_i‖²`, float64, summed in fixed lanes (`RowScan.float64`).
    private(set) var squaredNorms: [Double]
    private(set) var repeats: RowRepeats

    /// Streams `checkpoint`'s candidates through `basis` (D x r, float32). Throws
    /// `non_finite_input` on a NaN/Inf value and `cancelled` between blocks.
    init(_ checkpoint: SelectionCheckpoint, basis: Matrix, blockRows: Int, control: SelectionControl) throws {
        let source = checkpoint.candidates
        let (n, d, r) = (source.rowCount, basis.rows, basis.cols)
        rank = r
        var z = [Float](repeating: 0, count: n * r)
        var squaredNorms = [Double](repeating: 0, count: n)
        var repeats = RowRepeats()
        var tile = SimilarityTile(candidateCount: n, left: basis.transposed())
        let cap = tile.capacity
        // product (r x capacity) = Vf^T tile^T, stored transposed at the tile's rows of z.
        let store = { (start: Int, used: Int, p: UnsafeBufferPointer<Float>) in
            z.withUnsafeMutableBufferPointer { z in
                for j in 0..<used {
                    for l in 0..<r { z[(start + j) * r + l] = p[l * cap + j] }
                }
            }
        }
        try source.forEachBlock(maxRows: max(1, blockRows)) { start, rows, raw in
            try control.checkCancelled()
            guard raw.count == rows * d, start == tile.next, let base = raw.baseAddress else {
                throw SelectionError(.shapeMismatch, "candidate block at row \(start) holds \(raw.count) values for \(rows) rows of d = \(d)", parameter: "candidates")
            }
            for row in 0..<rows {
                guard let scan = RowScan.float64(base + row * d, count: d) else {
                    throw SelectionError(.nonFiniteInput, "candidate \(start + row) of checkpoint \(checkpoint.label) contains NaN or Inf", parameter: "candidates")
                }
                repeats.record(scan.fingerprint, row: start + row)
                squaredNorms[start + row] = scan.squaredNorm
            }
            tile.feed(base, rows: rows, store)
            control.progress("gist_scores", start + rows, n)
        }
        tile.finish(store)
        values = z
        self.squaredNorms = squaredNorms
        self.repeats = repeats
    }
}
