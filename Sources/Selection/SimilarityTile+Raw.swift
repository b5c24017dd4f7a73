import LinearAlgebra

extension SimilarityTile {
    /// Copies one raw candidate row in unchanged (GIST projects raw gradients, gist.md §4) and
    /// records its float64 squared norm. Returns false when the row holds a NaN or Inf. The norm is
    /// summed in 8 fixed float64 lanes (lane = column mod 8, fixed combining tree), so it depends only
    /// on the row's values; each square of a float32 is exact in float64.
    mutating func appendRaw(_ raw: UnsafeBufferPointer<Float>, row: Int) -> Bool {
        let base = filled * dim
        let d = dim
        let squares = rows.withUnsafeMutableBufferPointer { out -> Double? in
            guard let dst = out.baseAddress, let all = raw.baseAddress else { return 0 }
            return Self.copyRaw(from: all + row * d, to: dst + base, count: d)
        }
        guard let squares else { return false }
        squaredNorms[filled] = squares
        filled += 1
        return true
    }

    /// The float64 squared norm of held row `slot` (rows appended with `appendRaw`).
    func squaredNorm(ofSlot slot: Int) -> Double { squaredNorms[slot] }

    static func copyRaw(from src: UnsafePointer<Float>, to dst: UnsafeMutablePointer<Float>, count d: Int) -> Double? {
        var lanes = SIMD8<Double>(repeating: 0)
        var finite = SIMDMask<SIMD8<Int32>>(repeating: true)
        var c = 0
        while c + 8 <= d {
            let v = UnsafeRawPointer(src + c).loadUnaligned(as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(dst + c).storeBytes(of: v, as: SIMD8<Float>.self)
            let w = SIMD8<Double>(v)
            lanes += w * w
            finite = finite .& (v .> -Float.infinity) .& (v .< Float.infinity)
            c += 8
        }
        guard all(finite) else { return nil }
        var sum = ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) + ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7]))
        while c < d {
            let x = src[c]
            guard x.isFinite else { return nil }
            dst[c] = x
            sum += Double(x) * Double(x)
            c += 1
        }
        return sum
    }
}
