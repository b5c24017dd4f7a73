import LinearAlgebra

/// Multiplies a left operand (M x d: the normalised targets for S, GIST's transposed basis) by
/// every candidate row, in GEMMs of one fixed shape: `capacity` candidate rows each (a multiple
/// of 64, at most 1024), the last one padded with zero rows.
///
/// Why fixed: OpenBLAS picks different micro-kernels for edge tiles and small shapes, so the same
/// candidate multiplied in a block of 7 rows and in a block of 4096 rows can differ in the last
/// bit. With one call shape per request, a candidate's products depend only on its values and
/// its position in its tile, and tiles always start at multiples of `capacity`, whatever the
/// block size of the source and whichever worker thread multiplies them (position effects
/// inside a tile are `RowRepeats`' business).
///
/// A tile lying wholly inside a source block is multiplied where it lies (no copy: the copy
/// plus a normalising pass cost as much as a third of the GEMM at d = 8192); tiles that straddle
/// blocks, and the padded last tile, are gathered into a buffer first. The GEMM packs its
/// operands, so both routes give the same bits (the block-size property tests check it).
struct SimilarityTile {
    static let rowMultiple = 64
    static let maxRows = 1024

    let capacity: Int
    let dim: Int
    let left: Matrix

    /// The tile shape for `candidateCount` rows: at most `maxRows`, rounded up to `rowMultiple`.
    init(candidateCount: Int, left: Matrix) {
        let rounded = (candidateCount + Self.rowMultiple - 1) / Self.rowMultiple * Self.rowMultiple
        capacity = max(Self.rowMultiple, min(Self.maxRows, rounded))
        dim = left.cols
        self.left = left
    }

    /// Floats of one tile's product (`M x capacity`).
    var productCount: Int { left.rows * capacity }

    /// `product (M x capacity) = left (M x d) * rows^T` for `capacity` rows at `rows`.
    func multiply(_ rows: UnsafePointer<Float>, into product: UnsafeMutablePointer<Float>) {
        let (d, cap, m) = (dim, capacity, left.rows)
        left.values.withUnsafeBufferPointer { q in
            guard let qa = q.baseAddress else { return }
            BLAS.sgemm(transposeB: true, m: m, n: cap, k: d, a: qa, lda: d, b: rows, ldb: d, c: product, ldc: cap)
        }
    }
}
