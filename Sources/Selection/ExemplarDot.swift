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

    /// `Σ_t a[t] * b[t]` in float64, `t` ascending, continuing from `start` (a sum split over
    /// consecutive ranges of `t` gives the same bits as one pass).
    @inlinable
    public static func double(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, count: Int, from start: Double = 0) -> Double {
        var s = start
        for t in 0..<count { s += a[t] * b[t] }
        return s
    }

    /// `Σ_t a[t] * b[t]` of float32 values widened to float64 (exact), `t` ascending, continuing
    /// from `start`: the same bits as `double` over widened copies, without making them.
    @inlinable
    public static func double(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int, from start: Double = 0) -> Double {
        var s = start
        for t in 0..<count { s += Double(a[t]) * Double(b[t]) }
        return s
    }

    /// `Σ_t (a[t] - b[t])²` of float32 values widened to float64, `t` ascending (as `double`).
    @inlinable
    public static func squaredDistance(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Double {
        var s: Double = 0
        for t in 0..<count {
            let diff = Double(a[t]) - Double(b[t])
            s += diff * diff
        }
        return s
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
