import COpenBLAS

extension LAPACK {
    /// The `count` largest eigenpairs of a symmetric `n x n` row-major matrix (`dsyevr` with
    /// range "I", upper triangle read), in **descending** order: row `l` of `vectors` (`count x n`)
    /// is the unit eigenvector of `values[l]`. Only the wanted eigenvectors are computed, which is
    /// what a 2-D projection of an 8,192-wide covariance can afford. `a` is overwritten.
    public static func largestSymmetricEigen(_ a: inout [Double], n: Int, count: Int) throws -> (values: [Double], vectors: DoubleMatrix) {
        guard a.count == n * n else { throw LinearAlgebraError.shapeMismatch("dsyevr needs \(n)x\(n) values, got \(a.count)") }
        guard count >= 1, count <= n else { throw LinearAlgebraError.shapeMismatch("dsyevr: \(count) eigenpairs of a \(n)x\(n) matrix") }
        var found: Int32 = 0
        var w = [Double](repeating: 0, count: n)
        var z = [Double](repeating: 0, count: n * count)
        var support = [Int32](repeating: 0, count: 2 * count)
        _ = BLAS.singleThreaded
        let info = a.withUnsafeMutableBufferPointer { ap in
            w.withUnsafeMutableBufferPointer { wp in
                z.withUnsafeMutableBufferPointer { zp in
                    support.withUnsafeMutableBufferPointer { sp in
                        // Column-major with the lower triangle is the same memory as row-major with
                        // the upper one (the matrix is symmetric), and spares LAPACKE's transposed copy.
                        LAPACKE_dsyevr(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "V")), CChar(UInt8(ascii: "I")), CChar(UInt8(ascii: "L")),
                                       Int32(n), ap.baseAddress, Int32(n), 0, 0, Int32(n - count + 1), Int32(n), 0,
                                       &found, wp.baseAddress, zp.baseAddress, Int32(n), sp.baseAddress)
                    }
                }
            }
        }
        try LinearAlgebraError.check(info, routine: "dsyevr")
        guard Int(found) == count else { throw LinearAlgebraError.noConvergence(routine: "dsyevr", info: found) }
        // z holds the eigenvectors as consecutive columns (column-major), ascending: rows, largest first.
        var vectors = DoubleMatrix(rows: count, cols: n)
        for l in 0..<count {
            let column = count - 1 - l
            for r in 0..<n { vectors.values[l * n + r] = z[column * n + r] }
        }
        return ((0..<count).map { w[count - 1 - $0] }, vectors)
    }
}
