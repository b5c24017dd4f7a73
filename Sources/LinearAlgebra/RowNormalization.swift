/// Row L2 normalisation, `x / max(‖x‖₂, 1e-12)`, with the norm computed in float32 by a plain
/// sequential loop: identical rows get bit-identical results wherever they sit (specs README §1),
/// and a zero row stays zero.
public enum RowNormalization {
    public static let floor: Float = 1e-12

    /// The float32 L2 norm of `count` values, summed sequentially.
    @inlinable
    public static func norm(_ x: UnsafePointer<Float>, count: Int) -> Float {
        var s: Float = 0
        for t in 0..<count { s += x[t] * x[t] }
        return s.squareRoot()
    }

    /// Normalises one row in place.
    @inlinable
    public static func normalize(_ x: UnsafeMutablePointer<Float>, count: Int) {
        let d = max(norm(UnsafePointer(x), count: count), floor)
        for t in 0..<count { x[t] = x[t] / d }
    }

    /// Normalises `rows` consecutive rows of `cols` values in place.
    public static func normalizeRows(_ x: UnsafeMutablePointer<Float>, rows: Int, cols: Int) {
        for r in 0..<rows { normalize(x + r * cols, count: cols) }
    }
}

extension Matrix {
    /// Every row divided by `max(‖row‖, 1e-12)` (float32 norm).
    public mutating func normalizeRows() {
        let (r, c) = (rows, cols)
        guard r > 0, c > 0 else { return }
        values.withUnsafeMutableBufferPointer { RowNormalization.normalizeRows($0.baseAddress!, rows: r, cols: c) }
    }

    public func rowNormalized() -> Matrix {
        var m = self
        m.normalizeRows()
        return m
    }
}
