import Testing
@testable import LinearAlgebra

/// The iterative top-eigenpair solver against the direct one (`dsyevr`) and against spectra built
/// by hand, including pairs of eigenvalues 1e-5 apart (where a solver that stops early returns a
/// mixture of the two eigenvectors).
@Suite struct BlockLanczosTests {
    /// `V diag(spectrum) V^T` with `V` a random orthogonal matrix (the eigenvectors of a random
    /// symmetric one); returns the matrix and `V`'s columns as rows (row `l` for `spectrum[l]`).
    static func matrix(spectrum: [Double], seed: UInt64) throws -> (a: [Double], vectors: DoubleMatrix) {
        let d = spectrum.count
        var random = TestRandom(seed: seed)
        var s = random.doubleMatrix(d, d)
        for i in 0..<d { for j in 0..<i { s[i, j] = s[j, i] } }
        let v = try LAPACK.symmetricEigen(s).vectors
        var rows = DoubleMatrix(rows: d, cols: d)
        for l in 0..<d { for j in 0..<d { rows[l, j] = v[j, l] } }
        var a = [Double](repeating: 0, count: d * d)
        for i in 0..<d {
            for j in 0..<d {
                var sum = 0.0
                for l in 0..<d { sum += rows[l, i] * spectrum[l] * rows[l, j] }
                a[i * d + j] = sum
            }
        }
        return (a, rows)
    }

    static func residual(_ a: [Double], n: Int, value: Double, vector: [Double]) -> Double {
        var sum = 0.0
        for i in 0..<n {
            var av = 0.0
            for j in 0..<n { av += a[i * n + j] * vector[j] }
            sum += (av - value * vector[i]) * (av - value * vector[i])
        }
        return sum.squareRoot()
    }

    static func alignment(_ x: [Double], _ y: [Double]) -> Double { abs(zip(x, y).reduce(0) { $0 + $1.0 * $1.1 }) }

    @Test func largestEigenpairs_MatchDsyevr_OnTheCovarianceOfRandomRows() throws {
        let (n, d) = (300, 160)
        var random = TestRandom(seed: 5)
        let x = random.doubleMatrix(n, d).values
        var c = [Double](repeating: 0, count: d * d)
        x.withUnsafeBufferPointer { xp in
            c.withUnsafeMutableBufferPointer { BLAS.dsyrk(transpose: true, n: d, k: n, alpha: 1.0 / Double(n - 1), a: xp.baseAddress!, lda: d, c: $0.baseAddress!, ldc: d) }
        }
        let found = try #require(try c.withUnsafeBufferPointer { try BlockLanczos.largestEigenpairs($0, n: d, count: 2, blockSize: 4, maxBasis: d) })
        var full = c
        for i in 0..<d { for j in 0..<i { full[i * d + j] = full[j * d + i] } }
        var copy = c
        let direct = try LAPACK.largestSymmetricEigen(&copy, n: d, count: 2)
        #expect(relativeError(found.values, direct.values) < 1e-12)
        for l in 0..<2 {
            #expect(Self.residual(full, n: d, value: found.values[l], vector: found.vectors.row(l)) <= BlockLanczos.tolerance * found.values[0])
            #expect(Self.alignment(found.vectors.row(l), direct.vectors.row(l)) > 1 - 1e-9)
        }
    }

    @Test(arguments: [
        // The top two 1e-5 apart, then the second and third: each pair is still resolved.
        [10.0, 10.0 * (1 - 1e-5)],
        [10.0, 6.0, 6.0 * (1 - 1e-5)],
    ])
    func largestEigenpairs_SeparateNearlyDegenerateEigenvalues(top: [Double]) throws {
        let d = 200
        let spectrum = top + (0..<(d - top.count)).map { 5.0 * Double(d - $0) / Double(d) }
        let (a, truth) = try Self.matrix(spectrum: spectrum, seed: 9)
        let found = try #require(try a.withUnsafeBufferPointer { try BlockLanczos.largestEigenpairs($0, n: d, count: 2, blockSize: 4, maxBasis: d) })
        #expect(relativeError(found.values, Array(spectrum.prefix(2))) < 1e-12)
        for l in 0..<2 {
            #expect(Self.residual(a, n: d, value: found.values[l], vector: found.vectors.row(l)) <= BlockLanczos.tolerance * spectrum[0])
            // Davis–Kahan: the angle to the true vector is at most residual / gap = 1e-9 / 6e-5.
            #expect(Self.alignment(found.vectors.row(l), truth.row(l)) > 1 - 1e-9)
        }
    }

    @Test func largestEigenpairs_AreTheSameBitsEveryRun_AndNilWhenTheBasisCapIsTooSmall() throws {
        let d = 120
        let spectrum = (0..<d).map { 1.0 + 1e-3 * Double(d - $0) / Double(d) }  // flat: slow to converge
        let (a, _) = try Self.matrix(spectrum: spectrum, seed: 3)
        let first = try a.withUnsafeBufferPointer { try BlockLanczos.largestEigenpairs($0, n: d, count: 2, blockSize: 4, maxBasis: 60) }
        let again = try a.withUnsafeBufferPointer { try BlockLanczos.largestEigenpairs($0, n: d, count: 2, blockSize: 4, maxBasis: 60) }
        #expect(first == nil && again == nil)
        let whole = try #require(try a.withUnsafeBufferPointer { try BlockLanczos.largestEigenpairs($0, n: d, count: 2, blockSize: 4, maxBasis: d) })
        let wholeAgain = try #require(try a.withUnsafeBufferPointer { try BlockLanczos.largestEigenpairs($0, n: d, count: 2, blockSize: 4, maxBasis: d) })
        #expect(whole.values == wholeAgain.values && whole.vectors == wholeAgain.vectors)
    }

    @Test func largestEigenpairs_OfALowRankMatrix_FillTheBasisPastTheInvariantSubspace() throws {
        // Rank 1: the Krylov space is invariant after one vector; the second pair has value 0.
        let d = 40
        let spectrum = [3.0] + [Double](repeating: 0, count: d - 1)
        let (a, truth) = try Self.matrix(spectrum: spectrum, seed: 4)
        let found = try #require(try a.withUnsafeBufferPointer { try BlockLanczos.largestEigenpairs($0, n: d, count: 2, blockSize: 2, maxBasis: d) })
        #expect(abs(found.values[0] - 3) < 1e-12 && abs(found.values[1]) < 1e-12)
        #expect(Self.alignment(found.vectors.row(0), truth.row(0)) > 1 - 1e-12)
        #expect(abs(Self.alignment(found.vectors.row(1), found.vectors.row(0))) < 1e-12)
    }
}
