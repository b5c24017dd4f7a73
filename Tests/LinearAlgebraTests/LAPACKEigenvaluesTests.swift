import Testing
@testable import LinearAlgebra

@Suite struct LAPACKEigenvaluesTests {
    @Test func symmetricEigenvalues_EqualTheValuesOfTheFullSolve_Descending() throws {
        var g = SplitMix64(seed: 4)
        let n = 9
        var a = DoubleMatrix(rows: n, cols: n)
        for i in 0..<n {
            for j in i..<n {
                let v = Double(g.next() % 1000) / 100 - 5
                a[i, j] = v
                a[j, i] = v
            }
        }
        let values = try LAPACK.symmetricEigenvalues(a)
        let full = try LAPACK.symmetricEigen(a).values
        #expect(values.count == n)
        #expect(zip(values, full).allSatisfy { abs($0 - $1) <= 1e-12 * max(1, abs($1)) })
        #expect(values == values.sorted(by: >))
    }

    @Test func symmetricEigenvalues_OfANonSquareMatrix_Throw() {
        #expect(throws: LinearAlgebraError.self) { _ = try LAPACK.symmetricEigenvalues(DoubleMatrix(rows: 2, cols: 3)) }
    }
}
