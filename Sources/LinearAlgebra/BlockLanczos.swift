/// The few largest eigenpairs of a large symmetric positive semi-definite matrix (a covariance)
/// without reducing the whole matrix to tridiagonal form: block Lanczos with full
/// re-orthogonalisation and Rayleigh–Ritz on the growing Krylov basis. Each step multiplies the
/// matrix by a block of `blockSize` vectors (one `dsymm`, BLAS-3), so the matrix is read once per
/// step; `dsyevr` runs only on the small projected matrix. For an 8,192-wide covariance of random
/// rows (eigenvalues packed at the edge of the Marchenko–Pastur law, the slow case) it converges in
/// a few hundred basis vectors, against the full reduction's `4/3 d^3` flops.
///
/// Deterministic: the starting block is drawn from SplitMix64 with a fixed seed and every step is
/// single-threaded BLAS in a fixed order, so the same matrix always gives the same bits.
public enum BlockLanczos {
    /// A Ritz pair is accepted when `||A y - θ y|| <= tolerance * θ_1` (θ_1 the largest Ritz value,
    /// the matrix's 2-norm for a PSD matrix): the eigenvalue is then within that of the true one and
    /// the eigenvector within `tolerance * θ_1 / gap` of the true one (Davis–Kahan).
    public static let tolerance = 1e-10

    /// The `count` largest eigenpairs of the symmetric `n x n` row-major matrix whose **upper**
    /// triangle is in `a` (what `dsyrk` fills), descending; row `l` of `vectors` is the unit
    /// eigenvector of `values[l]`. nil when the basis reached `maxBasis` vectors before every pair
    /// met `tolerance` (the caller then falls back to a direct solver). `a` is only read.
    public static func largestEigenpairs(
        _ a: UnsafeBufferPointer<Double>, n: Int, count: Int, blockSize: Int = 8, maxBasis: Int = 1536, seed: UInt64 = 0x5EED
    ) throws -> (values: [Double], vectors: DoubleMatrix)? {
        guard a.count >= n * n else { throw LinearAlgebraError.shapeMismatch("block Lanczos needs \(n)x\(n) values, got \(a.count)") }
        guard count >= 1, count <= n else { throw LinearAlgebraError.shapeMismatch("block Lanczos: \(count) eigenpairs of a \(n)x\(n) matrix") }
        let block = min(max(blockSize, count), n)
        let limit = min(max(maxBasis, block), n)
        var basis = KrylovBasis(n: n, capacity: limit, seed: seed)
        basis.appendOrthonormal(basis.randomRows(block))
        var products = [Double](repeating: 0, count: limit * n)  // row i: A q_i
        var projected = [Double](repeating: 0, count: limit * limit)  // T = Q A Q^T, m x m in a limit-wide array
        var multiplied = 0
        while true {
            let m = basis.count
            multiply(a, n: n, basis: basis, rows: multiplied..<m, into: &products)
            project(basis, products, n: n, new: multiplied..<m, limit: limit, into: &projected)
            multiplied = m
            let ritz = try ritzPairs(projected, m: m, limit: limit, count: count, basis: basis, products: products, n: n)
            let scale = max(ritz.values[0], 0)
            if ritz.residuals.allSatisfy({ $0 <= tolerance * scale }) || m == n { return (ritz.values, ritz.vectors) }
            let next = min(block, n - m)
            guard m + next <= limit, next > 0 else { return nil }
            // The next block is A times the newest one, orthogonalised against the whole basis.
            basis.appendOrthonormal(Array(products[((m - next) * n)..<(m * n)]))
        }
    }

    /// `products[i] = A q_i` for the basis rows in `rows`: `Q_rows · A` with A symmetric (upper).
    private static func multiply(_ a: UnsafeBufferPointer<Double>, n: Int, basis: KrylovBasis, rows: Range<Int>, into products: inout [Double]) {
        guard !rows.isEmpty else { return }
        basis.rows.withUnsafeBufferPointer { q in
            products.withUnsafeMutableBufferPointer { p in
                BLAS.dsymmRightUpper(m: rows.count, n: n, a: a.baseAddress!, lda: n, b: q.baseAddress! + rows.lowerBound * n, ldb: n,
                                     c: p.baseAddress! + rows.lowerBound * n, ldc: n)
            }
        }
    }

    /// Fills the columns (and, by symmetry, rows) of `T = Q A Q^T` that belong to the new rows.
    private static func project(_ basis: KrylovBasis, _ products: [Double], n: Int, new: Range<Int>, limit: Int, into t: inout [Double]) {
        let m = new.upperBound
        guard !new.isEmpty else { return }
        var column = [Double](repeating: 0, count: m * new.count)  // column[i * new.count + j] = q_i · A q_(new+j)
        basis.rows.withUnsafeBufferPointer { q in
            products.withUnsafeBufferPointer { p in
                column.withUnsafeMutableBufferPointer { c in
                    BLAS.dgemm(transposeB: true, m: m, n: new.count, k: n, a: q.baseAddress!, lda: n,
                               b: p.baseAddress! + new.lowerBound * n, ldb: n, c: c.baseAddress!, ldc: new.count)
                }
            }
        }
        for i in 0..<m {
            for (j, col) in new.enumerated() {
                var value = column[i * new.count + j]
                // Both halves of the new diagonal block were computed: their mean is exactly symmetric.
                if new.contains(i) { value = (value + column[(col) * new.count + (i - new.lowerBound)]) / 2 }
                t[i * limit + col] = value
                t[col * limit + i] = value
            }
        }
    }

    private struct Ritz {
        var values: [Double]
        var vectors: DoubleMatrix
        var residuals: [Double]
    }

    /// The `count` largest Ritz pairs of the basis and the norm of each one's residual `A y - θ y`.
    private static func ritzPairs(_ t: [Double], m: Int, limit: Int, count: Int, basis: KrylovBasis,
                                  products: [Double], n: Int) throws -> Ritz {
        var small = [Double](repeating: 0, count: m * m)
        for i in 0..<m { for j in 0..<m { small[i * m + j] = t[i * limit + j] } }
        let (values, coefficients) = try LAPACK.largestSymmetricEigen(&small, n: m, count: count)
        var vectors = DoubleMatrix(rows: count, cols: n)
        var images = [Double](repeating: 0, count: count * n)
        coefficients.values.withUnsafeBufferPointer { s in
            basis.rows.withUnsafeBufferPointer { q in
                vectors.values.withUnsafeMutableBufferPointer { y in
                    BLAS.dgemm(m: count, n: n, k: m, a: s.baseAddress!, lda: m, b: q.baseAddress!, ldb: n, c: y.baseAddress!, ldc: n)
                }
            }
            products.withUnsafeBufferPointer { p in
                images.withUnsafeMutableBufferPointer { ay in
                    BLAS.dgemm(m: count, n: n, k: m, a: s.baseAddress!, lda: m, b: p.baseAddress!, ldb: n, c: ay.baseAddress!, ldc: n)
                }
            }
        }
        var residuals = [Double](repeating: 0, count: count)
        for l in 0..<count {
            var sum = 0.0
            for j in 0..<n {
                let r = images[l * n + j] - values[l] * vectors.values[l * n + j]
                sum += r * r
            }
            residuals[l] = sum.squareRoot()
        }
        return Ritz(values: values, vectors: vectors, residuals: residuals)
    }
}
