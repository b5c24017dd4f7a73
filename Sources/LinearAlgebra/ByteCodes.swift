import COpenBLAS

/// The weighted positive-part sum over byte codes that facility_location's 8-bit bounds need,
/// `Σ_i w_i * max(0, q_i - c_i)` with unsigned byte codes `q` and levels `c` and weights `w` in
/// 0...127, in AVX-512 VL + VNNI: 32 targets per saturating subtraction and per `vpdpbusd`.
/// Integer arithmetic, so exactly `portableSum`'s value; callers use that one on CPUs without
/// these instructions.
public enum ByteCodes {
    /// Whether this CPU has the AVX-512 F, VL and VNNI instructions the kernel needs.
    public static let isSupported: Bool = shortlist_byte_codes_supported() != 0

    /// The sum over `count` targets, a multiple of 32 (padding: code 0 or weight 0); at most
    /// 65,536 targets keep it in 32 bits. Only call when `isSupported`.
    @inlinable @inline(__always)
    public static func sum(codes: UnsafePointer<UInt8>, levels: UnsafePointer<UInt8>, weights: UnsafePointer<Int8>, count: Int) -> Int32 {
        shortlist_byte_codes_sum(codes, levels, weights, count)
    }

    /// Whether `encode` runs eight values at a time (AVX-512 F + VL).
    public static let encodesVectorized: Bool = shortlist_byte_codes_encode_supported() != 0

    /// `out[i] = ceil(x)` of `x = column[i] * inverses[i]` clamped to 0...255, for `count`
    /// values: the vector form (its conversion rounds towards +infinity) or the portable loop,
    /// the same bytes.
    @inlinable @inline(__always)
    public static func encode(
        _ column: UnsafePointer<Double>, inverses: UnsafePointer<Double>, count: Int, into out: UnsafeMutablePointer<UInt8>,
        vectorized: Bool = encodesVectorized
    ) {
        shortlist_byte_codes_encode(column, inverses, count, out, vectorized ? 1 : 0)
    }

    /// The same sum in portable Swift.
    @inlinable
    public static func portableSum(codes: UnsafePointer<UInt8>, levels: UnsafePointer<UInt8>, weights: UnsafePointer<Int8>, count: Int) -> Int32 {
        var sum: Int32 = 0
        for i in 0..<count where codes[i] > levels[i] {
            sum += Int32(codes[i] - levels[i]) * Int32(weights[i])
        }
        return sum
    }
}
