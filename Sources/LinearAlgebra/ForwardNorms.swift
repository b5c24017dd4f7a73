import COpenBLAS

/// `‖L^{-1} x‖²` by forward substitution for many rows `x` (leverage scores): the scalar loop per
/// row, and an AVX-512 form that runs 32 rows at once in vector lanes. Both do each row's
/// operations in the same order with the same roundings, so every row's value is the same bits
/// whichever form ran and wherever the row sat among the 32.
public enum ForwardNorms {
    /// Whether this CPU has AVX-512 F.
    public static let isSupported: Bool = shortlist_forward_norms_supported() != 0

    /// Rows per call of the vector form.
    public static let rowsPerGroup = 32

    /// `‖L^{-1} x‖²` for one row: `L` lower, row-major `d x d`; `z` scratch of `d`. Products are
    /// rounded, then subtracted, in column order.
    @inlinable @inline(__always)
    public static func one(_ l: UnsafePointer<Double>, _ x: UnsafePointer<Double>, _ z: UnsafeMutablePointer<Double>, _ d: Int) -> Double {
        var tau = 0.0
        for a in 0..<d {
            let row = l + a * d
            var s = x[a]
            for c in 0..<a { s = s - row[c] * z[c] }
            let v = s / row[a]
            z[a] = v
            tau = tau + v * v
        }
        return tau
    }

    /// The same for `count` rows at `x` (row-major, `d` each) into `tau`: groups of 32 in the
    /// vector form where the CPU has it (the last group padded with zero rows), else one at a
    /// time. `scratch` holds `scratchCount(d)` values.
    public static func many(
        _ l: UnsafePointer<Double>, d: Int, rows x: UnsafePointer<Double>, count: Int, into tau: UnsafeMutablePointer<Double>,
        scratch: UnsafeMutablePointer<Double>, vectorized: Bool = isSupported
    ) {
        guard vectorized else {
            for r in 0..<count { tau[r] = one(l, x + r * d, scratch, d) }
            return
        }
        let g = rowsPerGroup
        let (xt, z, out) = (scratch, scratch + g * d, scratch + 2 * g * d)
        var start = 0
        while start < count {
            let rows = min(g, count - start)
            for a in 0..<d {
                for r in 0..<rows { xt[g * a + r] = x[(start + r) * d + a] }
                for r in rows..<g { xt[g * a + r] = 0 }
            }
            shortlist_forward_norms_32(l, d, xt, z, out)
            for r in 0..<rows { tau[start + r] = out[r] }
            start += rows
        }
    }

    /// Scratch values `many` needs for dimension `d`.
    public static func scratchCount(_ d: Int) -> Int { 2 * rowsPerGroup * d + rowsPerGroup }
}
