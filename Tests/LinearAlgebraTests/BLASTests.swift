import COpenBLAS
import Testing
@testable import LinearAlgebra

/// BLAS wrappers against naive reference loops on random inputs (relative error <= 1e-5 in float32).
@Suite struct BLASTests {
    init() { BLAS.useSingleThread() }

    static func naiveProduct(_ a: Matrix, _ b: Matrix, transposeB: Bool) -> [Float] {
        let n = transposeB ? b.rows : b.cols
        var out = [Float](repeating: 0, count: a.rows * n)
        for i in 0..<a.rows {
            for j in 0..<n {
                var s: Double = 0
                for t in 0..<a.cols { s += Double(a[i, t]) * Double(transposeB ? b[j, t] : b[t, j]) }
                out[i * n + j] = Float(s)
            }
        }
        return out
    }

    @Test(arguments: [(1, 1, 1), (7, 5, 3), (33, 17, 65), (64, 128, 200)])
    func sgemm_MatchesNaiveLoop_OnRandomMatrices(shape: (Int, Int, Int)) throws {
        var r = TestRandom(seed: UInt64(shape.0 * 1000 + shape.1))
        let a = r.matrix(shape.0, shape.2)
        let b = r.matrix(shape.2, shape.1)
        let c = try a.multiplied(by: b)
        #expect(c.rows == shape.0 && c.cols == shape.1)
        #expect(relativeError(c.values, Self.naiveProduct(a, b, transposeB: false)) <= 1e-5)
    }

    @Test func sgemm_WithTransposedOperand_MatchesNaiveLoop() throws {
        var r = TestRandom(seed: 11)
        let a = r.matrix(20, 48)
        let b = r.matrix(31, 48)
        let c = try a.multiplied(by: b, transposeOther: true)
        #expect(relativeError(c.values, Self.naiveProduct(a, b, transposeB: true)) <= 1e-5)
    }

    @Test func multiplied_Throws_WhenInnerDimensionsDiffer() {
        var r = TestRandom(seed: 1)
        #expect(throws: LinearAlgebraError.self) { try r.matrix(2, 3).multiplied(by: r.matrix(4, 2)) }
    }

    @Test func ssyrk_GramOfRows_EqualsProductWithTranspose() throws {
        var r = TestRandom(seed: 5)
        let a = r.matrix(23, 40)
        let g = a.gramOfRows()
        #expect(relativeError(g.values, Self.naiveProduct(a, a, transposeB: true)) <= 1e-5)
        for i in 0..<23 { for j in 0..<23 { #expect(g[i, j] == g[j, i]) } }
    }

    @Test func dsyrk_GramOfColumns_EqualsTransposeTimesMatrix() throws {
        var r = TestRandom(seed: 6)
        let a = r.doubleMatrix(30, 9)
        let g = a.gramOfColumns()
        let ref = try a.transposed().multiplied(by: a)
        #expect(relativeError(g.values, ref.values) <= 1e-12)
    }

    @Test func sgemv_MatchesNaiveLoop() {
        var r = TestRandom(seed: 8)
        let a = r.matrix(50, 37)
        let x = r.matrix(1, 37).values
        var y = [Float](repeating: 0, count: 50)
        a.values.withUnsafeBufferPointer { ap in
            x.withUnsafeBufferPointer { xp in
                y.withUnsafeMutableBufferPointer { yp in
                    BLAS.sgemv(m: 50, n: 37, a: ap.baseAddress!, lda: 37, x: xp.baseAddress!, y: yp.baseAddress!)
                }
            }
        }
        let ref = Self.naiveProduct(a, Matrix(rows: 37, cols: 1, values: x), transposeB: false)
        #expect(relativeError(y, ref) <= 1e-5)
    }
}

@Suite struct BLASThreadingTests {
    /// Every wrapper configures one BLAS thread before its first call, whoever calls it.
    @Test func anyWrapperCall_LeavesOpenBLASSingleThreaded() throws {
        var r = TestRandom(seed: 21)
        _ = try r.matrix(3, 3).multiplied(by: r.matrix(3, 3))
        #expect(openblasThreads() == 1)
    }
}

func openblasThreads() -> Int32 { openblas_get_num_threads() }

@Suite struct BLASTriangularSolveTests {
    @Test(arguments: [(1, 1), (5, 3), (40, 17)])
    func dtrsmRightUpper_SolvesEveryRow_AsAForwardSubstitution(shape: (Int, Int)) {
        let (m, n) = shape
        var r = TestRandom(seed: UInt64(m * 100 + n))
        // U upper triangular with a dominant diagonal (well conditioned).
        var u = [Double](repeating: 0, count: n * n)
        for i in 0..<n { for j in i..<n { u[i * n + j] = i == j ? 2 + Double(abs(r.matrix(1, 1).values[0])) : Double(r.matrix(1, 1).values[0]) } }
        let b = r.matrix(m, n).values.map(Double.init)
        var x = b
        u.withUnsafeBufferPointer { up in
            x.withUnsafeMutableBufferPointer { xp in
                BLAS.dtrsmRightUpper(m: m, n: n, u: up.baseAddress!, ldu: n, b: xp.baseAddress!, ldb: n)
            }
        }
        // x U must give back b.
        var worst = 0.0
        for i in 0..<m {
            for j in 0..<n {
                var s = 0.0
                for t in 0...j { s += x[i * n + t] * u[t * n + j] }
                worst = max(worst, abs(s - b[i * n + j]))
            }
        }
        #expect(worst <= 1e-12)
    }
}
