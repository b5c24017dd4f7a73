/// The orthonormal basis `BlockLanczos` grows: rows of length `n`, row-major. New rows are
/// orthogonalised against all the old ones twice ("twice is enough", classical Gram–Schmidt as
/// two GEMMs per pass), then among themselves; a row that vanishes in the process (the Krylov
/// space became invariant, e.g. a low-rank covariance) is replaced by a fresh seeded random row,
/// so the basis always grows by what was asked until it spans the whole space.
struct KrylovBasis {
    let n: Int
    private(set) var rows: [Double]
    private(set) var count = 0
    private var random: SplitMix64

    init(n: Int, capacity: Int, seed: UInt64) {
        self.n = n
        rows = [Double](repeating: 0, count: capacity * n)
        random = SplitMix64(seed: seed)
    }

    /// `k` rows of uniform values in [-1, 1).
    mutating func randomRows(_ k: Int) -> [Double] {
        (0..<(k * n)).map { _ in Double(random.next() >> 11) * 0x1p-52 - 1 }
    }

    /// Appends the rows of `candidates` (`k x n`) made orthonormal to the basis and to each other.
    mutating func appendOrthonormal(_ candidates: [Double]) {
        var pending = candidates
        var attempts = 0
        while !pending.isEmpty, count < n {
            let k = pending.count / n
            let before = (0..<k).map { r in (0..<n).reduce(0.0) { $0 + pending[r * n + $1] * pending[r * n + $1] }.squareRoot() }
            orthogonaliseAgainstBasis(&pending, k: k)
            orthogonaliseAgainstBasis(&pending, k: k)
            var rejected = 0
            for r in 0..<k where count < n {
                var norm = 0.0
                for j in 0..<n { norm += pending[r * n + j] * pending[r * n + j] }
                norm = norm.squareRoot()
                // Below this a row is rounding noise of what the basis already spans.
                guard norm > 1e-12 * before[r], norm > 0 else { rejected += 1; continue }
                let base = count * n
                for j in 0..<n { rows[base + j] = pending[r * n + j] / norm }
                count += 1
                // Later rows of this block lose their component along the row just accepted (twice).
                for _ in 0..<2 {
                    for s in (r + 1)..<k {
                        var dot = 0.0
                        for j in 0..<n { dot += rows[base + j] * pending[s * n + j] }
                        for j in 0..<n { pending[s * n + j] -= dot * rows[base + j] }
                    }
                }
            }
            attempts += 1
            guard rejected > 0, attempts < 8 else { break }
            pending = randomRows(rejected)
        }
    }

    /// `w -= (w Q^T) Q` for the `k` rows of `w`: one classical Gram–Schmidt pass as two GEMMs.
    private func orthogonaliseAgainstBasis(_ w: inout [Double], k: Int) {
        guard count > 0 else { return }
        var coefficients = [Double](repeating: 0, count: k * count)
        rows.withUnsafeBufferPointer { q in
            w.withUnsafeMutableBufferPointer { wp in
                coefficients.withUnsafeMutableBufferPointer { h in
                    BLAS.dgemm(transposeB: true, m: k, n: count, k: n, a: wp.baseAddress!, lda: n, b: q.baseAddress!, ldb: n,
                               c: h.baseAddress!, ldc: count)
                    BLAS.dgemm(m: k, n: n, k: count, alpha: -1, a: h.baseAddress!, lda: count, b: q.baseAddress!, ldb: n,
                               beta: 1, c: wp.baseAddress!, ldc: n)
                }
            }
        }
    }
}
