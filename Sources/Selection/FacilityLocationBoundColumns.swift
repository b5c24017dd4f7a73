import LinearAlgebra

/// An 8-bit copy of the candidate-major S that only ever rounds up, for the lazy greedy's cheap
/// certification (FacilityLocationGreedy): most re-evaluations only have to show that a
/// candidate's gain is below the next bound in the heap, and an upper bound read from one byte per
/// target does that from a copy small enough to stay in cache (M = 200, N = 100,000: 22 MB
/// instead of the 160 MB float64 columns). It never decides a pick or a score: those come from the
/// exact gain of coverage.md §2.1.
///
/// Target `i` has a step `s_i >= max_j S[i, j] / 255` (0 when the target has no positive value),
/// candidate `j` the codes `q_ij = ceil(max(S[i, j], 0) / s_i)` (rounded up further where the
/// arithmetic rounds), so `q_ij * s_i >= S[i, j]`, and a
/// coverage level `cur_i` becomes the byte `c_i = floor(cur_i / s_i)`, so `c_i * s_i <= cur_i`.
/// With weights `w_i * s_i` rounded up to multiples `u_i` (1 to 127) of one scale `W`, the bound
///
///     W * Σ_i u_i * max(0, q_ij - c_i)
///
/// is never below `Σ_i w_i * max(0, S[i, j] - cur_i)`: every factor rounds up. The sum is over
/// integers (`ByteCodes`: exact, so the same value on every CPU), and it is 0 exactly when no
/// target has `q_ij > c_i`, which holds whenever `S[i, j] <= cur_i` for every target: a zero sum
/// proves the exact gain 0. Only the final product `sum * W` rounds, covered by `margin`.
struct FacilityLocationBoundColumns: Sendable {
    let targetCount: Int
    /// Targets padded to a multiple of 32 (one kernel step); also the bytes per candidate.
    let paddedCount: Int
    /// Per target: the code step `s_i`, 0 for a target without a positive value.
    let steps: [Double]
    /// N x paddedCount codes, candidate-major, padding 0.
    let storage: [UInt8]
    /// Whether `sum` runs the AVX-512 VNNI kernel (`ByteCodes`: the same integer) instead of the portable loop.
    let vectorized: Bool

    /// Above this many targets the integer sum could leave 32 bits; the greedy goes without.
    static let maxTargets = 1 << 16

    /// `1 + (M + 16) 2^-48`: covers the rounding of `sum * W` and that of the exact gain's own
    /// float64 sum (at most `M + 2` roundings of `2^-53` each).
    var margin: Double { 1 + Double(targetCount + 16) * 0x1p-48 }
    /// Covers a product that underflows (the gain's terms lose at most `2^-1074` each).
    static let slack = Double.leastNormalMagnitude

    /// Built from the N x M candidate-major columns (tests; the selection builds the codes while
    /// it transposes S: `FacilityLocationGreedy.prepare`).
    init(columns: [Double], targetCount m: Int, candidateCount n: Int, vectorized: Bool = ByteCodes.isSupported, pool: WorkerPool) throws {
        var maxima = [Double](repeating: 0, count: m)
        for j in 0..<n {
            for i in 0..<m { maxima[i] = max(maxima[i], columns[j * m + i]) }
        }
        let steps = Self.steps(maxima: maxima)
        let inverses = Self.inverses(steps)
        let padded = Self.paddedCount(targetCount: m)
        var storage = [UInt8](repeating: 0, count: n * padded)
        let ranges = WorkerPool.ranges(n, size: 4096)
        try columns.withUnsafeBufferPointer { c in
            try inverses.withUnsafeBufferPointer { s in
                try storage.withUnsafeMutableBufferPointer { out in
                    let (cb, sb, ob) = (c.baseAddress!, s.baseAddress!, out.baseAddress!)
                    try pool.forEach(ranges.count) { task, _ in
                        for j in ranges[task] { Self.encode(cb + j * m, count: m, inverses: sb, into: ob + j * padded) }
                    }
                }
            }
        }
        self.init(storage: storage, steps: steps, vectorized: vectorized)
    }

    /// Codes already written by `encode` with `steps` (zeroed storage, `paddedCount` bytes a candidate).
    init(storage: [UInt8], steps: [Double], vectorized: Bool = ByteCodes.isSupported) {
        self.targetCount = steps.count
        self.paddedCount = Self.paddedCount(targetCount: steps.count)
        self.steps = steps
        self.storage = storage
        self.vectorized = vectorized && ByteCodes.isSupported
    }

    static func paddedCount(targetCount m: Int) -> Int { (m + 31) / 32 * 32 }

    /// `s_i`: the target's largest value over 255, rounded up (the factor covers the division's
    /// rounding), or 0 when no value is positive.
    static func steps(maxima: [Double]) -> [Double] {
        maxima.map { $0 > 0 ? $0 / 255 * (1 + 0x1p-40) : 0 }
    }

    /// `1 / s_i` times `1 + 2^-39`: with the three roundings of `1 / s`, the factor and `S * x`
    /// (`2^-53` each) the product stays at or above the exact `S / s_i`.
    static func inverses(_ steps: [Double]) -> [Double] {
        steps.map { $0 > 0 ? 1 / $0 * (1 + 0x1p-39) : 0 }
    }

    /// One candidate's codes in target order: `ceil(S * inverse_i)` clamped to 0...255 (a
    /// multiplication instead of a division; `ByteCodes.encode`, eight at a time where it can).
    @inline(__always)
    static func encode(_ column: UnsafePointer<Double>, count m: Int, inverses: UnsafePointer<Double>, into out: UnsafeMutablePointer<UInt8>) {
        ByteCodes.encode(column, inverses: inverses, count: m, into: out)
    }

    /// The level byte of coverage `cur` at target `i`: `floor(cur / s_i)`, rounded down further
    /// so that `c_i * s_i <= cur`; 255 (no code lies above it) for a target without a positive value.
    @inline(__always)
    func level(_ cur: Double, target i: Int) -> UInt8 {
        let s = steps[i]
        guard s > 0 else { return 255 }
        return UInt8(max(0, min(255, (cur / s * (1 - 0x1p-40)).rounded(.down))))
    }

    /// The byte weights `u_i` and their scale `W`: `u_i * W >= w_i * s_i`, `u_i` in 1...127 for
    /// every target that has a positive weight and step (0 otherwise, as for the padding).
    func byteWeights(_ w: [Double]) -> (weights: [Int8], scale: Double) {
        let products = (0..<targetCount).map { i in w[i] * steps[i] }
        let largest = products.max() ?? 0
        var out = [Int8](repeating: 0, count: paddedCount)
        guard largest > 0 else { return (out, 0) }
        let scale = largest / 127 * (1 + 0x1p-40)
        for i in 0..<targetCount where w[i] > 0 && steps[i] > 0 {
            out[i] = Int8(max(1, min(127, (products[i] / scale * (1 + 0x1p-40)).rounded(.up))))
        }
        return (out, scale)
    }

    /// The integer sum of candidate `j`'s bound (0 exactly when its exact gain is 0, see above).
    @inline(__always)
    func sum(of j: Int, storage base: UnsafePointer<UInt8>, levels: UnsafePointer<UInt8>, weights: UnsafePointer<Int8>) -> Int32 {
        let codes = base + j * paddedCount
        return vectorized
            ? ByteCodes.sum(codes: codes, levels: levels, weights: weights, count: paddedCount)
            : ByteCodes.portableSum(codes: codes, levels: levels, weights: weights, count: paddedCount)
    }

    /// The bound from its integer sum and the weights' scale: never below the exact gain.
    @inline(__always)
    func bound(sum: Int32, weightScale: Double) -> Double {
        Double(sum) * weightScale * margin + Self.slack
    }
}
