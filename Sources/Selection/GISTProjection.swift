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
        let (n, r) = (source.rowCount, basis.cols)
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
        try tile.stream(
            checkpoint, blockRows: blockRows, control: control, scan: RowScan.float64, repeats: &repeats,
            keepNorm: { squaredNorms[$0] = $1 }, afterBlock: { control.progress("gist_scores", $0 + $1, n) }, store: store)
        values = z
        self.squaredNorms = squaredNorms
        self.repeats = repeats
    }
}
