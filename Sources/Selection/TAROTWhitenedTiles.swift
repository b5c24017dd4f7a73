import LinearAlgebra

/// One checkpoint's candidates, whitened and scored in tiles of `tileRows` consecutive rows: a
/// tile always starts at a multiple of `tileRows` (global row index), so its BLAS calls see the
/// same rows whatever the streaming block size. Per tile: the forward substitution of every
/// centred row as one `dtrsm`, the unit rows (written into `candidateRows`), the float32 scores
/// as one `sgemm` against the unit targets and the float64 inner products `<x_i, y_j>` as one
/// `dgemm` accumulated into `inner` (replacing fixed-order scalar loops that cost ~4.4 s of the
/// 4.9 s of this stage at N = 20,000, d = 512, M = 500).
///
/// Tiles write disjoint rows of the outputs (`Destination`), so different tiles may be flushed at
/// once by different workers, each with its own `TAROTWhitenedTiles` as scratch (`restart(at:)`).
struct TAROTWhitenedTiles {
    static let tileRows = 256

    let whitening: TAROTWhitening
    /// M x d, the float unit targets.
    let targetFloat: [Float]
    let weight: Double
    /// First column of this checkpoint in a concatenated row.
    let offset: Int
    private(set) var start = 0
    private(set) var filled = 0
    /// `tileRows x d`: centred rows, then (after the solve) whitened ones.
    private var centred: [Double]
    private var unitFloat: [Float]
    private var dots: [Float]

    init(whitening: TAROTWhitening, targetFloat: [Float], weight: Double, offset: Int) {
        let d = whitening.d
        self.whitening = whitening
        self.targetFloat = targetFloat
        self.weight = weight
        self.offset = offset
        centred = [Double](repeating: 0, count: Self.tileRows * d)
        unitFloat = [Float](repeating: 0, count: Self.tileRows * d)
        dots = [Float](repeating: 0, count: Self.tileRows * (targetFloat.count / max(1, d)))
    }

    /// Makes this (empty) scratch gather the tile starting at global row `start`.
    mutating func restart(at start: Int) {
        precondition(filled == 0, "restart of a tile holding rows")
        self.start = start
    }

    /// Adds the next candidate row (raw, d floats); true when the tile is full and must be flushed.
    mutating func append(_ row: UnsafePointer<Float>) -> Bool {
        let d = whitening.d
        whitening.mean.withUnsafeBufferPointer { mean in
            centred.withUnsafeMutableBufferPointer { z in
                for c in 0..<d { z[filled * d + c] = Double(row[c]) - mean[c] }
            }
        }
        filled += 1
        return filled == Self.tileRows
    }

    /// Whitens and scores the gathered rows into `out` (their rows only), then starts the next tile.
    mutating func flush(into out: Destination) {
        guard filled > 0 else { return }
        let (d, rows, m, n, width) = (whitening.d, filled, out.m, out.n, out.width)
        let scale = weight.squareRoot()
        centred.withUnsafeMutableBufferPointer { z in
            whitening.lowerTransposed.withUnsafeBufferPointer { u in
                BLAS.dtrsmRightUpper(m: rows, n: d, u: u.baseAddress!, ldu: d, b: z.baseAddress!, ldb: d)
            }
        }
        for r in 0..<rows {
            var s = 0.0
            for c in 0..<d { s += centred[r * d + c] * centred[r * d + c] }
            let norm = max(s.squareRoot(), 1e-12)
            let i = start + r
            for c in 0..<d {
                let unit = centred[r * d + c] / norm
                out.candidateRows[i * width + offset + c] = scale * unit
                unitFloat[r * d + c] = Float(unit)
            }
        }
        unitFloat.withUnsafeBufferPointer { u in
            targetFloat.withUnsafeBufferPointer { t in
                dots.withUnsafeMutableBufferPointer { product in
                    BLAS.sgemm(transposeB: true, m: rows, n: m, k: d, a: u.baseAddress!, lda: d, b: t.baseAddress!, ldb: d, c: product.baseAddress!, ldc: m)
                }
            }
        }
        for r in 0..<rows {
            for j in 0..<m { out.scoresByTarget[j * n + start + r] += weight * Double(dots[r * m + j]) }
        }
        BLAS.dgemm(
            transposeB: true, m: rows, n: m, k: d, a: out.candidateRows + start * width + offset, lda: width,
            b: out.targetRows + offset, ldb: width, beta: 1, c: out.inner + start * m, ldc: m)
        start += rows
        filled = 0
    }
}
