import COpenBLAS

/// The whole groups of 8 floats of a candidate row scan (Selection's `RowScan`: fingerprint
/// steps, squared-norm lanes, finiteness) in AVX-512 VL + DQ, where the fingerprint's 64-bit lane
/// multiplies are single instructions (baseline x86-64 emulates each with three 32-bit ones).
/// The same steps in the same order as the portable loop, so the same bits; callers keep that
/// loop for CPUs without these instructions.
public enum RowScanKernel {
    /// Whether this CPU has AVX-512 F, VL and DQ.
    public static let isSupported: Bool = shortlist_row_scan_supported() != 0

    /// `groups` groups of 8 floats at `p`: the fingerprint's 16 state words (`a`, `b` for the
    /// even groups, `c`, `d` for the odd ones, 4 each, in that order) and the float32 norm
    /// `lanes` (8) updated in place; false when some value is NaN or infinite. Only call when
    /// `isSupported`.
    @inlinable @inline(__always)
    public static func float32(_ p: UnsafePointer<Float>, groups: Int, words: UnsafeMutablePointer<UInt64>, lanes: UnsafeMutablePointer<Float>) -> Bool {
        shortlist_row_scan_f32(p, groups, words, lanes) != 0
    }

    /// `float32` with float64 norm lanes (each value widened, then squared and added).
    @inlinable @inline(__always)
    public static func float64(_ p: UnsafePointer<Float>, groups: Int, words: UnsafeMutablePointer<UInt64>, lanes: UnsafeMutablePointer<Double>) -> Bool {
        shortlist_row_scan_f64(p, groups, words, lanes) != 0
    }
}
