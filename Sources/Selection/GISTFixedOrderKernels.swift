/// Row-at-a-time products whose floating-point operations depend only on the row's values, never
/// on its position or on the streaming block size, so identical rows get bit-identical results
/// (specs README §1). Measured here: OpenBLAS sgemm gives position-dependent results for
/// identical rows even when every call has the same padded shape, so TAROT's per-row quantities
/// go through these loops instead. Each is written in "axpy" form (the inner loop updates
/// independent outputs), which the compiler vectorises without reassociating a sum. (GIST used
/// them first, hence the file name; its projection now runs sgemm tiles plus `RowRepeats`.)
enum FixedOrderKernels {
    /// `out[0..<n] = Σ_t x[t] * b[t, 0..<n]`, float32, `b` row-major `k x n`.
    @inline(__always)
    static func rowTimesMatrix(_ x: UnsafePointer<Float>, k: Int, _ b: UnsafePointer<Float>, n: Int, into out: UnsafeMutablePointer<Float>) {
        out.update(repeating: 0, count: n)
        for t in 0..<k {
            let a = x[t]
            let row = b + t * n
            for l in 0..<n { out[l] += a * row[l] }
        }
    }

    /// The float64 twin of `rowTimesMatrix`.
    @inline(__always)
    static func rowTimesMatrix(_ x: UnsafePointer<Double>, k: Int, _ b: UnsafePointer<Double>, n: Int, into out: UnsafeMutablePointer<Double>) {
        out.update(repeating: 0, count: n)
        for t in 0..<k {
            let a = x[t]
            let row = b + t * n
            for l in 0..<n { out[l] += a * row[l] }
        }
    }

    /// Solves `L z = b` in place (`z` overwrites `b`) by forward substitution, column by column;
    /// `lowerTransposed` is `L^T` row-major, so column `c` of `L` is contiguous.
    @inline(__always)
    static func forwardSubstitute(_ b: UnsafeMutablePointer<Double>, lowerTransposed lt: UnsafePointer<Double>, d: Int) {
        for c in 0..<d {
            let z = b[c] / lt[c * d + c]
            b[c] = z
            let column = lt + c * d
            for i in (c + 1)..<max(c + 1, d) { b[i] -= z * column[i] }
        }
    }
}
