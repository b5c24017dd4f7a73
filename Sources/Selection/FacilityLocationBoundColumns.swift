import LinearAlgebra

/// An 8-bit copy of the candidate-major S that only ever rounds up, for the lazy greedy's cheap
/// certification (FacilityLocationGreedy): most re-evaluations only have to show that a
/// candidate's gain is below the next bound in the heap, and an upper bound read from one byte per
/// target does that from a copy small enough to stay in cache (M = 200, N = 100,000: 22 MB
/// instead of the 160 MB float64 columns). It never decides a pick or a score: those come from the
/// exact gain of coverage.md §2.1.
///
/// Candidate `j` keeps a Float scale `s_j >= colmax_j / 127` and codes
/// `q_ij = ceil(max(S[i, j], 0) / s_j)`, so `Float(q_ij) * s_j >= S[i, j]` (the scale used in the
/// kernel is rounded further up to cover the float product). The bound is
/// `Σ_i w_i' * max(0, q_ij * s_j - cur_i')` in Float with `cur'` rounded down and `w'` rounded up,
/// times a margin for its float rounding: never below the exact float64 gain (§2.1). Its sum of
/// differences is positive exactly when some target has `q_ij * s_j > cur_i'`, so a zero sum proves
/// the gain is exactly 0 without the float64 pass.
struct FacilityLocationBoundColumns: Sendable {
    let targetCount: Int
    /// Targets padded to a multiple of 16: one 16-byte load holds the codes of 16 targets.
    let paddedCount: Int
    /// Bytes per candidate: its Float scale, padding to 16 bytes, then `paddedCount` codes.
    let stride: Int
    let storage: [UInt8]
    /// `(1 + (M + 16) 2^-22)`: covers the Float rounding of at most `M + 6` operations per term
    /// and sum, which needs `M * 2^-24` to be small; above `maxTargets` the greedy goes without.
    let margin: Double
    /// Float products and sums that underflow lose less than `2^-149` each.
    let slack: Double
    /// Whether `bound(of:)` runs the AVX2 kernel (`ByteCodes`, same terms, its own rounding order:
    /// covered by the same margin) instead of the portable one.
    let vectorized: Bool

    static let maxTargets = 1 << 16

    /// Built from the N x M candidate-major columns, candidate ranges on the selection's threads
    /// (each candidate's codes depend on its own column only).
    init(columns: [Double], targetCount m: Int, candidateCount n: Int, vectorized: Bool = ByteCodes.isSupported, pool: WorkerPool) throws {
        let stride = Self.stride(targetCount: m)
        var storage = [UInt8](repeating: 0, count: n * stride)
        let ranges = WorkerPool.ranges(n, size: 4096)
        try columns.withUnsafeBufferPointer { c in
            try storage.withUnsafeMutableBytes { out in
                let (cb, ob) = (c.baseAddress!, out.baseAddress!)
                try pool.forEach(ranges.count) { task, _ in
                    for j in ranges[task] { Self.encode(cb + j * m, count: m, into: ob + j * stride) }
                }
            }
        }
        self.init(storage: storage, targetCount: m, vectorized: vectorized)
    }

    /// Codes already written by `encode` (zeroed storage, `stride(targetCount:)` bytes a candidate).
    init(storage: [UInt8], targetCount m: Int, vectorized: Bool = ByteCodes.isSupported) {
        self.targetCount = m
        self.paddedCount = (m + 15) / 16 * 16
        self.stride = Self.stride(targetCount: m)
        self.storage = storage
        self.margin = 1 + Double(m + 16) * 0x1p-22
        self.slack = Double(m + 16) * 0x1p-140
        self.vectorized = vectorized && ByteCodes.isSupported
    }

    /// Bytes per candidate for M targets: the scale, padding to 16 bytes, the padded codes.
    static func stride(targetCount m: Int) -> Int { 16 + (m + 15) / 16 * 16 }

    /// One candidate: the kernel's scale, then its codes in target order (into zeroed bytes).
    static func encode(_ column: UnsafePointer<Double>, count m: Int, into out: UnsafeMutableRawPointer) {
        var colmax = 0.0
        for i in 0..<m { colmax = max(colmax, column[i]) }
        guard colmax > 0 else { return }  // every code 0, scale 0: the bound is 0
        let step = Double(roundedUp(colmax / 127))
        // The codes' scale times (1 + 2^-20), rounded up: the Float product q * s then stays at or
        // above q * step (it loses at most 2^-24), hence at or above S[i, j].
        out.storeBytes(of: roundedUp(step * (1 + 0x1p-20)), as: Float.self)
        let codes = out + 16
        for i in 0..<m where column[i] > 0 {
            // v / step <= 127, so the code is at most 128; the factor covers the division's rounding.
            let code = (column[i] / step * (1 + 0x1p-40)).rounded(.up)
            codes.storeBytes(of: UInt8(min(code, 255)), toByteOffset: i, as: UInt8.self)
        }
    }

    /// The smallest Float at or above `x`.
    static func roundedUp(_ x: Double) -> Float {
        let f = Float(x)
        return Double(f) < x ? f.nextUp : f
    }

    /// The largest Float at or below `x`.
    static func roundedDown(_ x: Double) -> Float {
        let f = Float(x)
        return Double(f) > x ? f.nextDown : f
    }

    /// Where target `i` sits in the kernel's lane order: a 16-byte load read as four UInt32 lanes
    /// gives byte `t` of lane `k` = target `16c + 4k + t`, and the kernel takes byte `t` of all
    /// four lanes at once, so levels and weights are stored as `16c + 4t + k`.
    static func lane(_ i: Int) -> Int {
        let r = i % 16
        return i - r + (r % 4) * 4 + r / 4
    }

    /// The weights rounded up, in lane order (padding 0).
    func laneWeights(_ w: [Double]) -> [Float] {
        var out = [Float](repeating: 0, count: paddedCount)
        for i in 0..<targetCount { out[Self.lane(i)] = Self.roundedUp(w[i]) }
        return out
    }

    /// `(sum, positive)`: the Float bound before its margin, and whether any code lies above its
    /// level (if not, every `S[i, j] <= cur_i` and the exact gain is 0).
    @inline(__always)
    func bound(
        of j: Int, storage base: UnsafeRawPointer, levels: UnsafePointer<Float>, weights: UnsafePointer<Float>
    ) -> (sum: Float, positive: Bool) {
        let column = base + j * stride
        if vectorized {
            return ByteCodes.positivePartSum(codes: column + 16, scale: column.load(as: Float.self), levels: levels, weights: weights, count: paddedCount)
        }
        let scale = SIMD4<Float>(repeating: column.load(as: Float.self))
        let codes = column + 16
        let (rc, rw) = (UnsafeRawPointer(levels), UnsafeRawPointer(weights))
        // A byte b as Float: the bits 0x4B000000 | b are 2^23 + b.
        let magic = SIMD4<UInt32>(repeating: 0x4B00_0000), low = SIMD4<UInt32>(repeating: 0xFF)
        let two23 = SIMD4<Float>(repeating: 8_388_608)
        var (a0, a1, a2, a3) = (SIMD4<Float>(), SIMD4<Float>(), SIMD4<Float>(), SIMD4<Float>())
        var differences = SIMD4<Float>()
        @inline(__always) func term(_ bytes: SIMD4<UInt32>, _ offset: Int) -> SIMD4<Float> {
            let v = (unsafeBitCast(bytes | magic, to: SIMD4<Float>.self) - two23) * scale
            let c = rc.loadUnaligned(fromByteOffset: offset, as: SIMD4<Float>.self)
            let d = (v - c).replacing(with: 0, where: v .<= c)
            differences += d
            return d * rw.loadUnaligned(fromByteOffset: offset, as: SIMD4<Float>.self)
        }
        var i = 0
        while i < paddedCount {
            let x = codes.loadUnaligned(fromByteOffset: i, as: SIMD4<UInt32>.self)
            a0 += term(x & low, 4 * i)
            a1 += term((x &>> 8) & low, 4 * i + 16)
            a2 += term((x &>> 16) & low, 4 * i + 32)
            a3 += term(x &>> 24, 4 * i + 48)
            i += 16
        }
        return (((a0 + a1) + (a2 + a3)).sum(), differences.sum() > 0)
    }
}
