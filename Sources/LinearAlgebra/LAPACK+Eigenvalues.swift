import COpenBLAS

extension LAPACK {
    /// The eigenvalues only of a symmetric matrix (`dsyevd` with jobz = "N", upper triangle
    /// read), in **descending** order: much cheaper than `symmetricEigen` when no vectors are needed.
    public static func symmetricEigenvalues(_ a: DoubleMatrix) throws -> [Double] {
        guard a.rows == a.cols else { throw LinearAlgebraError.shapeMismatch("dsyevd needs a square matrix, got \(a.rows)x\(a.cols)") }
        let n = a.rows
        if n == 0 { return [] }
        var work = a.values
        var w = [Double](repeating: 0, count: n)
        let info = work.withUnsafeMutableBufferPointer { ap in
            w.withUnsafeMutableBufferPointer { wp in
                LAPACKE_dsyevd(LAPACK_ROW_MAJOR, CChar(UInt8(ascii: "N")), CChar(UInt8(ascii: "U")),
                               Int32(n), ap.baseAddress, Int32(n), wp.baseAddress)
            }
        }
        try LinearAlgebraError.check(info, routine: "dsyevd")
        return w.reversed()
    }
}
