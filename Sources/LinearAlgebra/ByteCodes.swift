import COpenBLAS

/// The weighted positive-part sum over byte codes that facility_location's 8-bit bounds need,
/// `Σ_i w_i * max(0, Float(q_i) * scale - c_i)`, in AVX2 with FMA (eight targets per instruction;
/// Swift's portable SIMD gets four). Callers keep a portable form for CPUs without it.
///
/// Layout: codes 16 to a 16-byte load; levels `c` and weights `w` in that load's lane order (read
/// as four UInt32 lanes, byte `t` of lane `k` is code `16b + 4k + t`, whose level and weight sit at
/// `16b + 4t + k`). The sum is rounded like any float32 sum of its terms (FMA accumulation, eight
/// partial sums), so a caller that needs an upper bound adds its own margin.
public enum ByteCodes {
    /// Whether this CPU has the AVX2 and FMA instructions the kernel needs.
    public static let isSupported: Bool = shortlist_byte_codes_supported() != 0

    /// `(sum, positive)`: the weighted sum, and whether any `max(0, ...)` term is above 0.
    /// `count` is a multiple of 16; only call when `isSupported`.
    @inlinable @inline(__always)
    public static func positivePartSum(
        codes: UnsafeRawPointer, scale: Float, levels: UnsafePointer<Float>, weights: UnsafePointer<Float>, count: Int
    ) -> (sum: Float, positive: Bool) {
        var positive: Int32 = 0
        let sum = shortlist_byte_codes_positive_part(codes.assumingMemoryBound(to: UInt8.self), scale, levels, weights, count, &positive)
        return (sum, positive != 0)
    }
}
