import LinearAlgebra

/// One checkpoint's candidates projected onto its subspace (gist.md §4): `z_i = g_i · Vf` for
/// every row (N x r float32) and `‖g_i‖²` in float64.
///
/// The float32 GEMM runs on fixed-shape zero-padded tiles (`SimilarityTile`, the same path as
/// the similarity pass), so a row's `z` does not depend on the streaming block size. Rows of one
/// GEMM may still round differently by their position in the tile, so repeated rows are
/// recorded (`RowRepeats`) and take their first occurrence's cosines afterwards
/// (`GISTSelector.accumulateCosines`). This replaced a fixed-order scalar kernel that cost
/// about 4x the sgemm.
struct GISTProjection {
    let rank: Int
    /// N x r, row-major. Rows listed in `repeats` are not read (they copy their first occurrence).
    private(set) var values: [Float]
    /// `‖g_i‖²`, float64, summed in fixed lanes (`SimilarityTile.copyMeasuring`).
    private(set) var squaredNorms: [Double]
    private(set) var repeats = RowRepeats()

    /// Streams `checkpoint`'s candidates through `basis` (D x r, float32). Throws
    /// `non_finite_input` on a NaN/Inf value and `cancelled` between blocks.
    init(_ checkpoint: SelectionCheckpoint, basis: Matrix, blockRows: Int, control: SelectionControl) throws {
        let source = checkpoint.candidates
        let (n, d, r) = (source.rowCount, basis.rows, basis.cols)
        rank = r
        values = [Float](repeating: 0, count: n * r)
        squaredNorms = [Double](repeating: 0, count: n)
        let basisByRow = basis.transposed()
        var tile = SimilarityTile(candidateCount: n, dim: d)
        var product = [Float](repeating: 0, count: r * tile.capacity)
        try source.forEachBlock(maxRows: max(1, blockRows)) { start, rows, raw in
            try control.checkCancelled()
            guard raw.count == rows * d, start == tile.start + tile.filled, let base = raw.baseAddress else {
                throw SelectionError(.shapeMismatch, "candidate block at row \(start) holds \(raw.count) values for \(rows) rows of d = \(d)", parameter: "candidates")
            }
            for row in 0..<rows {
                let j = start + row
                repeats.record(base + row * d, count: d, row: j)
                guard let squaredNorm = tile.appendRaw(raw, row: row) else {
                    throw SelectionError(.nonFiniteInput, "candidate \(j) of checkpoint \(checkpoint.label) contains NaN or Inf", parameter: "candidates")
                }
                squaredNorms[j] = squaredNorm
                if tile.isFull { flush(&tile, basisByRow: basisByRow, product: &product) }
            }
            control.progress("gist_scores", start + rows, n)
        }
        if !tile.isEmpty { flush(&tile, basisByRow: basisByRow, product: &product) }
    }

    /// `product (r x capacity) = Vf^T tile^T`, stored transposed at the tile's rows of `values`.
    private mutating func flush(_ tile: inout SimilarityTile, basisByRow: Matrix, product: inout [Float]) {
        tile.multiply(targets: basisByRow, into: &product)
        let (r, cap, start, used) = (rank, tile.capacity, tile.start, tile.filled)
        values.withUnsafeMutableBufferPointer { z in
            product.withUnsafeBufferPointer { p in
                for j in 0..<used {
                    for l in 0..<r { z[(start + j) * r + l] = p[l * cap + j] }
                }
            }
        }
        tile.reset()
    }
}
