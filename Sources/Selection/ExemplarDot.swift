/// The sequential sums of the exemplar spec: one rounding per product and per addition, `t`
/// ascending, so identical rows give bit-identical results wherever they sit (README §1).
/// Swift does not contract `a * b + c` into an FMA, so every lane/row uses the same IEEE steps.
public enum ExemplarDot {
    /// `Σ_t a[t] * b[t]`, float32 products and float32 sum, `t` ascending (the first-stage ip).
    @inlinable
    public static func float(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        var s: Float = 0
        for t in 0..<count { s += a[t] * b[t] }
        return s
    }

    /// `Σ_t a[t] * b[t]` in float64, `t` ascending.
    @inlinable
    public static func double(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, count: Int) -> Double {
        var s: Double = 0
        for t in 0..<count { s += a[t] * b[t] }
        return s
    }

    /// Four sequential float64 dots of `a` with `b0...b3`, summed side by side: four independent
    /// chains keep the adder busy, and each result is bit-identical to `double(a, bi)`.
    @inlinable
    public static func fourDoubles(
        _ a: UnsafePointer<Double>, _ b0: UnsafePointer<Double>, _ b1: UnsafePointer<Double>,
        _ b2: UnsafePointer<Double>, _ b3: UnsafePointer<Double>, count: Int
    ) -> (Double, Double, Double, Double) {
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
        for t in 0..<count {
            let at = a[t]
            s0 += at * b0[t]; s1 += at * b1[t]; s2 += at * b2[t]; s3 += at * b3[t]
        }
        return (s0, s1, s2, s3)
    }

    /// `Σ_t (a[t] - b[t])²` in float64, `t` ascending.
    @inlinable
    public static func squaredDistance(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, count: Int) -> Double {
        var s: Double = 0
        for t in 0..<count {
            let diff = a[t] - b[t]
            s += diff * diff
        }
        return s
    }

    /// `a / max(‖a‖, 1e-12)` with the norm summed sequentially in float64.
    public static func normalized(_ a: [Double]) -> [Double] {
        let n = a.withUnsafeBufferPointer { p in p.baseAddress.map { double($0, $0, count: p.count) } ?? 0 }
        let scale = max(n.squareRoot(), 1e-12)
        return a.map { $0 / scale }
    }
}
