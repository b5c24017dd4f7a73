import COpenBLAS

/// Thin wrappers over CBLAS, row-major. Pointer-level entry points exist so that callers can run a
/// GEMM over a block of a larger buffer (streamed candidate blocks) without copying it.
public enum BLAS {
    /// One BLAS thread per computation: parallelism comes from concurrent requests and job blocks
    /// (on a 2-core box with the other core busy, 2 BLAS threads are no faster than 1).
    public static func useSingleThread() {
        _ = singleThreaded
    }

    /// Set once, before the first BLAS or LAPACK call of the process, by every wrapper: results
    /// must not depend on whether the caller remembered to configure threads (a blocked
    /// reduction split across threads can round differently), and concurrent requests are the
    /// parallelism.
    static let singleThreaded: Void = openblas_set_num_threads(1)

    /// Runs `body` with OpenBLAS's own threading at `threads`, then back to one thread: only for
    /// the floors of benchmarks (one sgemm on W threads is what a W-worker job is compared with).
    public static func withThreads<T>(_ threads: Int, _ body: () throws -> T) rethrows -> T {
        _ = singleThreaded
        openblas_set_num_threads(Int32(max(1, threads)))
        defer { openblas_set_num_threads(1) }
        return try body()
    }

    /// `C (m x n) = alpha * op(A) * op(B) + beta * C`, float32, row-major.
    /// `op(A)` is `m x k` (A is `k x m` when `transposeA`), `op(B)` is `k x n`.
    public static func sgemm(
        transposeA: Bool = false, transposeB: Bool = false,
        m: Int, n: Int, k: Int,
        alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        guard m > 0, n > 0 else { return }
        _ = singleThreaded
        cblas_sgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// `C (m x n) = alpha * op(A) * op(B) + beta * C`, float64, row-major.
    public static func dgemm(
        transposeA: Bool = false, transposeB: Bool = false,
        m: Int, n: Int, k: Int,
        alpha: Double = 1, a: UnsafePointer<Double>, lda: Int,
        b: UnsafePointer<Double>, ldb: Int,
        beta: Double = 0, c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        guard m > 0, n > 0 else { return }
        _ = singleThreaded
        cblas_dgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// `C = A A^T` (`transpose == false`, A is `n x k`) or `C = A^T A` (A is `k x n`) into the upper
    /// triangle of the `n x n` row-major `c`, float32. Use `mirrorUpperToLower` for the full matrix.
    public static func ssyrk(
        transpose: Bool = false, n: Int, k: Int, alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int, beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        guard n > 0 else { return }
        _ = singleThreaded
        cblas_ssyrk(
            CblasRowMajor, CblasUpper, transpose ? CblasTrans : CblasNoTrans,
            Int32(n), Int32(k), alpha, a, Int32(lda), beta, c, Int32(ldc))
    }

    /// Float64 `syrk`, same conventions as `ssyrk`.
    public static func dsyrk(
        transpose: Bool = false, n: Int, k: Int, alpha: Double = 1,
        a: UnsafePointer<Double>, lda: Int, beta: Double = 0, c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        guard n > 0 else { return }
        _ = singleThreaded
        cblas_dsyrk(
            CblasRowMajor, CblasUpper, transpose ? CblasTrans : CblasNoTrans,
            Int32(n), Int32(k), alpha, a, Int32(lda), beta, c, Int32(ldc))
    }

    /// `C (m x n) = B A` with `A` symmetric `n x n`, only its upper triangle read (what `dsyrk`
    /// fills), float64, row-major: a block of vectors times a covariance.
    public static func dsymmRightUpper(
        m: Int, n: Int, a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
        c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        guard m > 0, n > 0 else { return }
        _ = singleThreaded
        cblas_dsymm(CblasRowMajor, CblasRight, CblasUpper, Int32(m), Int32(n), 1, a, Int32(lda), b, Int32(ldb), 0, c, Int32(ldc))
    }

    /// Solves `X U = B` in place (`X` overwrites `B`, `m x n` row-major) for the upper-triangular,
    /// non-unit `n x n` row-major `u`, float64: a block of row-wise triangular solves
    /// (`U^T x_i = b_i` for every row, e.g. a forward substitution with `U = L^T`).
    public static func dtrsmRightUpper(
        m: Int, n: Int, u: UnsafePointer<Double>, ldu: Int, b: UnsafeMutablePointer<Double>, ldb: Int
    ) {
        guard m > 0, n > 0 else { return }
        _ = singleThreaded
        cblas_dtrsm(
            CblasRowMajor, CblasRight, CblasUpper, CblasNoTrans, CblasNonUnit,
            Int32(m), Int32(n), 1, u, Int32(ldu), b, Int32(ldb))
    }

    /// `y = alpha * A x + beta * y` (A is `m x n` row-major), float32.
    public static func sgemv(
        m: Int, n: Int, alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
        x: UnsafePointer<Float>, beta: Float = 0, y: UnsafeMutablePointer<Float>
    ) {
        guard m > 0 else { return }
        _ = singleThreaded
        cblas_sgemv(CblasRowMajor, CblasNoTrans, Int32(m), Int32(n), alpha, a, Int32(lda), x, 1, beta, y, 1)
    }
}

/// Copies the upper triangle of a square row-major matrix into its lower triangle (after syrk).
@inlinable
public func mirrorUpperToLower<T>(_ c: UnsafeMutablePointer<T>, n: Int, ldc: Int) {
    for i in 0..<n {
        for j in 0..<i { c[i * ldc + j] = c[j * ldc + i] }
    }
}
