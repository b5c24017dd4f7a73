/// Row-at-a-time loops whose floating-point operations depend only on the row's values, never on
/// its position or on the streaming block size (specs README §1). GIST and TAROT first ran their
/// products through such loops; both now use BLAS tiles plus `RowRepeats` (about 4x faster), and
/// only the whitening of TAROT's M targets still uses the forward substitution below.
enum FixedOrderKernels {
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
