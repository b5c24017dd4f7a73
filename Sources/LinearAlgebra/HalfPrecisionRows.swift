import COpenBLAS

/// An IEEE binary16 copy of a float32 matrix, row-major, for pre-scans that read half the bytes of
/// an sgemv (a 10,000 x 384 pool is 7.7 MB instead of 15). Its products are approximations with a
/// known bound, fit to rule rows out, never to rank them: every stored value `h` of an original
/// `v` satisfies `|h - v| <= relativeError * |v| + absoluteError` (round to nearest; the absolute
/// term is half the spacing of binary16 subnormals).
public struct HalfPrecisionRows: Sendable {
    public let rows: Int
    public let cols: Int
    private let bits: [UInt16]

    public static let relativeError = 0x1p-11
    public static let absoluteError = 0x1p-25
    /// The largest finite binary16; anything larger in magnitude is not stored in half precision.
    public static let largestMagnitude: Float = 65504

    /// Whether this CPU has the AVX2, FMA and F16C instructions the kernels need.
    public static let isSupported: Bool = shortlist_half_rows_supported() != 0

    /// The binary16 copy of `matrix`, or `nil` when the CPU cannot run the kernels, the matrix is
    /// empty, or a value is not finite or too large for binary16.
    public init?(_ matrix: Matrix) {
        guard Self.isSupported, matrix.rows > 0, matrix.cols > 0 else { return nil }
        guard matrix.values.allSatisfy({ $0.isFinite && abs($0) <= Self.largestMagnitude }) else { return nil }
        let count = matrix.values.count
        bits = matrix.values.withUnsafeBufferPointer { v in
            [UInt16](unsafeUninitializedCapacity: count) { out, filled in
                if let src = v.baseAddress, let dst = out.baseAddress { shortlist_half_rows_convert(src, dst, count) }
                filled = count
            }
        }
        rows = matrix.rows
        cols = matrix.cols
    }

    /// `y[r] = Σ_t half[r, t] * x[t]` for every row, float32 FMAs in a fixed order (the same
    /// inputs give the same outputs). The error against the exact sum over the stored values is
    /// within `γ_cols Σ_t |half[r, t] x[t]|`, as for any float32 summation order.
    /// `x` holds `cols` values, `y` room for `rows`.
    public func products(query x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>) {
        bits.withUnsafeBufferPointer { a in
            if let base = a.baseAddress { shortlist_half_rows_gemv(base, rows, cols, x, y) }
        }
    }

    /// Bytes held by the copy.
    public var byteCount: Int { bits.count * 2 }

    /// The stored value at `(row, col)`, widened exactly to float32 (for tests and checks).
    public func value(row: Int, col: Int) -> Float { Self.float(bits: bits[row * cols + col]) }

    /// binary16 -> float32, exact (`Float16` is not available on every platform).
    static func float(bits h: UInt16) -> Float {
        let sign: Float = h & 0x8000 == 0 ? 1 : -1
        let exponent = Int(h >> 10) & 0x1F, fraction = Float(h & 0x3FF)
        switch exponent {
        case 0: return sign * fraction * 0x1p-24
        case 0x1F: return fraction == 0 ? sign * .infinity : .nan
        default: return sign * (1 + fraction * 0x1p-10) * Float(sign: .plus, exponent: exponent - 15, significand: 1)
        }
    }
}
