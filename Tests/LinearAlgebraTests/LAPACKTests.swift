import Testing
@testable import LinearAlgebra

@Suite struct LAPACKTests {
    static func symmetric(_ n: Int, seed: UInt64) -> DoubleMatrix {
        var r = TestRandom(seed: seed)
        let a = r.doubleMatrix(n, n + 3)
        return a.gramOfRows()
    }

    @Test(arguments: [1, 2, 9, 40])
    func symmetricEigen_ReconstructsMatrix_WithDescendingValues(n: Int) throws {
        let a = Self.symmetric(n, seed: UInt64(n))
        let (values, vectors) = try LAPACK.symmetricEigen(a)
        #expect(values.count == n)
        for i in 1..<max(1, n) { #expect(values[i - 1] >= values[i]) }
        // A V = V diag(λ), column by column.
        for l in 0..<n {
            for r in 0..<n {
                var av = 0.0
                for c in 0..<n { av += a[r, c] * vectors[c, l] }
                #expect(abs(av - values[l] * vectors[r, l]) <= 1e-9 * max(1, abs(values[0])))
            }
        }
        // Orthonormal columns.
        for l in 0..<n {
            for m in 0..<n {
                var dot = 0.0
                for r in 0..<n { dot += vectors[r, l] * vectors[r, m] }
                #expect(abs(dot - (l == m ? 1 : 0)) <= 1e-10)
            }
        }
    }

    @Test func symmetricEigen_Throws_OnNonSquareInput() {
        #expect(throws: LinearAlgebraError.self) { try LAPACK.symmetricEigen(DoubleMatrix(rows: 2, cols: 3)) }
    }

    @Test func choleskyLower_FactorsPositiveDefiniteMatrix() throws {
        var a = Self.symmetric(12, seed: 3)
        for i in 0..<12 { a[i, i] += 1 }
        let l = try LAPACK.choleskyLower(a)
        for i in 0..<12 { for j in (i + 1)..<12 { #expect(l[i, j] == 0) } }
        let llt = try l.multiplied(by: l, transposeOther: true)
        #expect(relativeError(llt.values, a.values) <= 1e-12)
    }

    @Test func choleskyLower_ThrowsNotPositiveDefinite_OnSingularMatrix() {
        let zero = DoubleMatrix(rows: 3, cols: 3)
        #expect(throws: LinearAlgebraError.notPositiveDefinite(order: 1)) { try LAPACK.choleskyLower(zero) }
    }

    @Test func solveRowsAgainstLowerTransposed_InvertsTheFactor() throws {
        var a = Self.symmetric(6, seed: 4)
        for i in 0..<6 { a[i, i] += 1 }
        let l = try LAPACK.choleskyLower(a)
        var r = TestRandom(seed: 9)
        let b = r.doubleMatrix(10, 6)
        var z = b
        try LAPACK.solveRowsAgainstLowerTransposed(l, &z)
        // Z L^T must give back B.
        let back = try z.multiplied(by: l, transposeOther: true)
        #expect(relativeError(back.values, b.values) <= 1e-12)
    }
}
