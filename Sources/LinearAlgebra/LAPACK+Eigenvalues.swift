import COpenBLAS

extension LAPACK {
    /// The eigenvalues only of a symmetric matrix (`dsyevd` with jobz = "N", upper triangle
    /// read), in **descending** order: much cheaper than `symmetricEigen` when no vectors are needed.
    public static func symmetricEigenvalues(_ a: DoubleMatrix) throws -> [Double] {
        guard a.rows == a.cols else { throw LinearAlgebraError.shapeMismatch("dsyevd needs a square matrix, got \(a.rows)x\(a.cols)") }
        if a.rows == 0 { return [] }
        return try dsyevd(a, jobz: "N").w.reversed()
    }

    /// One `dsyevd` call on a non-empty square matrix: the overwritten matrix (the eigenvectors as
    /// columns when jobz = "V") and the eigenvalues in LAPACK's ascending order.
    static func dsyevd(_ a: DoubleMatrix, jobz: Unicode.Scalar) throws -> (a: [Double], w: [Double]) {
        let n = a.rows
        var work = a.values
        var w = [Double](repeating: 0, count: n)
        _ = BLAS.singleThreaded
        let info = work.withUnsafeMutableBufferPointer { ap in
            w.withUnsafeMutableBufferPointer { wp in
                LAPACKE_dsyevd(LAPACK_ROW_MAJOR, CChar(UInt8(ascii: jobz)), CChar(UInt8(ascii: "U")),
                               Int32(n), ap.baseAddress, Int32(n), wp.baseAddress)
            }
        }
        try LinearAlgebraError.check(info, routine: "dsyevd")
        return (work, w)
    }
}
