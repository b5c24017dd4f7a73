import COpenBLAS

/// Thin wrappers over row-major LAPACKE, float64. `info` is always checked and thrown.
public enum LAPACK {
    /// The eigen-decomposition of a symmetric matrix (`dsyevd`, upper triangle read).
    /// Eigenvalues are returned in **descending** order; column `l` of `vectors` is the unit
    /// eigenvector of `values[l]`.
    public static func symmetricEigen(_ a: DoubleMatrix) throws -> (values: [Double], vectors: DoubleMatrix) {
        guard a.rows == a.cols else { throw LinearAlgebraError.shapeMismatch("dsyevd needs a square matrix, got \(a.rows)x\(a.cols)") }
        let n = a.rows
        if n == 0 { return ([], DoubleMatrix(rows: 0, cols: 0)) }
        let (work, w) = try dsyevd(a, jobz: "V")
        // LAPACK returns ascending order: reverse values and columns.
        var vectors = DoubleMatrix(rows: n, cols: n)
        for r in 0..<n {
            for l in 0..<n { vectors.values[r * n + l] = work[r * n + (n - 1 - l)] }
        }
        return (Array(w.reversed()), vectors)
    }

    /// The lower Cholesky factor `L` of a symmetric positive definite matrix (`dpotrf`), with the
    /// strictly upper triangle set to zero. Throws `notPositiveDefinite` otherwise.
    public static func choleskyLower(_ a: DoubleMatrix) throws -> DoubleMatrix {
        guard a.rows == a.cols else { throw LinearAlgebraError.shapeMismatch("dpotrf needs a square matrix, got \(a.rows)x\(a.cols)") }
        let n = a.rows
        var l = a
        if n == 0 { return l }
        _ = BLAS.singleThreaded
        let info = l.values.withUnsafeMutableBufferPointer { p in
            LAPACKE_dpotrf(LAPACK_ROW_MAJOR, CChar(UInt8(ascii: "L")), Int32(n), p.baseAddress, Int32(n))
        }
        try LinearAlgebraError.check(info, routine: "dpotrf")
        for i in 0..<n {
            for j in (i + 1)..<max(i + 1, n) { l.values[i * n + j] = 0 }
        }
        return l
    }

    /// Solves `Z L^T = B` for `Z` in place (`B` is `rows x n`, `L` lower `n x n`), i.e.
    /// `Z = B L^{-T}`: each row `z_i` solves `L z_i = b_i` (forward substitution, `dtrsm`).
    public static func solveRowsAgainstLowerTransposed(_ l: DoubleMatrix, _ b: inout DoubleMatrix) throws {
        guard l.rows == l.cols, b.cols == l.rows else {
            throw LinearAlgebraError.shapeMismatch("dtrsm: L is \(l.rows)x\(l.cols), B is \(b.rows)x\(b.cols)")
        }
        guard b.rows > 0, b.cols > 0 else { return }
        let cols = b.cols
        let rows = b.rows
        _ = BLAS.singleThreaded
        l.values.withUnsafeBufferPointer { lp in
            b.values.withUnsafeMutableBufferPointer { bp in
                cblas_dtrsm(CblasRowMajor, CblasRight, CblasLower, CblasTrans, CblasNonUnit,
                            Int32(rows), Int32(cols), 1.0, lp.baseAddress, Int32(cols), bp.baseAddress, Int32(cols))
            }
        }
    }
}
