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

    /// Streams `checkpoint`'s candidates through `basis` (D x r, float32) on the threads of
    /// `pool`. Throws `non_finite_input` on a NaN/Inf value and `cancelled` between blocks.
    init(_ checkpoint: SelectionCheckpoint, basis: Matrix, blockRows: Int, pool: WorkerPool, control: SelectionControl) throws {
        let source = checkpoint.candidates
        let (n, r) = (source.rowCount, basis.cols)
        rank = r
        var z = [Float](repeating: 0, count: n * r)
        let tile = SimilarityTile(candidateCount: n, left: basis.transposed())
        let cap = tile.capacity
        let scan = try z.withUnsafeMutableBufferPointer { zs in
            let out = zs.baseAddress!
            // product (r x capacity) = Vf^T tile^T, stored transposed at the tile's rows of z.
            return try tile.stream(
                checkpoint, blockRows: blockRows, pool: pool, control: control, scan: RowScan.float64, zero: 0.0,
                afterBlock: { control.progress("gist_scores", $0 + $1, n) }
            ) { start, used, p, _ in
                for j in 0..<used {
                    for l in 0..<r { out[(start + j) * r + l] = p[l * cap + j] }
                }
            }
        }
        values = z
        squaredNorms = scan.squaredNorms
        repeats = scan.repeats
    }
}
