/// A vectorised `exp` for Double: 8 lanes at a time, no scalar libm call per element.
///
/// Method (Cody–Waite): `x = k ln2 + r` with `k = round(x / ln2)` and `|r| <= ln2 / 2`, `r` taken
/// against a split `ln2`; `exp(r)` by its Taylor polynomial of degree
/// 13 in Horner form (truncation below 1e-17 relative on that range); then `2^k` applied as two
/// exact power-of-two factors so results that are subnormal or that underflow to 0 come out right
/// without a branch. Error against a correctly rounded exp: about 1 ulp (tested at <= 2).
/// Every element, wherever it sits in a buffer, goes through this same instruction sequence
/// (tails are padded into a full vector), so results depend only on the input value.
/// No fused multiply-add on purpose: the default x86-64 target has no FMA instruction, and
/// `addingProduct` then calls libm's software `fma` per lane (measured 7x slower than glibc exp);
/// plain multiply + add is also bit-identical on every x86-64 machine.
public enum VectorExp {
    /// Beyond these, exp is +inf or 0 in float64; clamping first keeps `k` in range.
    @inlinable static var upperClamp: Double { 710.0 }
    @inlinable static var lowerClamp: Double { -746.0 }
    @inlinable static var log2e: Double { 1.4426950408889634 }
    /// ln 2 split so `k * ln2High` is exact for |k| < 2^21.
    @inlinable static var ln2High: Double { 0.6931471803691238 }
    @inlinable static var ln2Low: Double { 1.9082149292705877e-10 }
    /// Adding 1.5 * 2^52 rounds to an integer (to nearest, even) held in the low mantissa bits.
    @inlinable static var shifter: Double { 6755399441055744.0 }

    /// exp of each lane.
    @inlinable
    public static func exp(_ x: SIMD8<Double>) -> SIMD8<Double> {
        let clamped = pointwiseMin(pointwiseMax(x, SIMD8(repeating: lowerClamp)), SIMD8(repeating: upperClamp))
        let shifted = (clamped * log2e) + shifter
        let kd = shifted - shifter
        let k = unsafeBitCast(shifted, to: SIMD8<Int64>.self) &- unsafeBitCast(SIMD8<Double>(repeating: shifter), to: SIMD8<Int64>.self)
        // kd * ln2High is exact (ln2High ends in 21 zero bits, |k| < 2^11), so is this difference.
        var r = clamped - kd * ln2High
        r = r - kd * ln2Low
        // Horner over 1/n!, n = 13 down to 0.
        var p = SIMD8<Double>(repeating: 1.6059043836821613e-10)
        p = p * r + 2.08767569878681e-09
        p = p * r + 2.505210838544172e-08
        p = p * r + 2.755731922398589e-07
        p = p * r + 2.7557319223985893e-06
        p = p * r + 2.48015873015873e-05
        p = p * r + 0.0001984126984126984
        p = p * r + 0.001388888888888889
        p = p * r + 0.008333333333333333
        p = p * r + 0.041666666666666664
        p = p * r + 0.16666666666666666
        p = p * r + 0.5
        p = p * r + 1
        p = p * r + 1
        let k1 = k &>> 1
        let k2 = k &- k1
        let bias = SIMD8<Int64>(repeating: 1023)
        let s1 = unsafeBitCast((k1 &+ bias) &<< 52, to: SIMD8<Double>.self)
        let s2 = unsafeBitCast((k2 &+ bias) &<< 52, to: SIMD8<Double>.self)
        var result = p * s1 * s2
        // The clamp may turn a NaN into a bound; put NaNs back. `x * 0` is NaN only for NaN or
        // infinite lanes, so finite vectors pay one multiply and a sum (a lane select costs more).
        if (x * 0).sum().isNaN {
            for l in 0..<8 where x[l].isNaN { result[l] = x[l] }
        }
        return result
    }

    /// `out[i] = exp(x[i])` for `count` elements; `out` may be `x` (in place).
    @inlinable
    public static func exp(_ x: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>, count: Int) {
        var i = 0
        while i + 8 <= count {
            let v = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Double>.self)
            UnsafeMutableRawPointer(out + i).storeBytes(of: exp(v), as: SIMD8<Double>.self)
            i += 8
        }
        guard i < count else { return }
        var tail = SIMD8<Double>(repeating: 0)
        for l in 0..<(count - i) { tail[l] = x[i + l] }
        let e = exp(tail)
        for l in 0..<(count - i) { out[i + l] = e[l] }
    }

    /// In-place `exp` over a buffer.
    @inlinable
    public static func expInPlace(_ x: UnsafeMutableBufferPointer<Double>) {
        guard let base = x.baseAddress else { return }
        exp(UnsafePointer(base), into: base, count: x.count)
    }
}
