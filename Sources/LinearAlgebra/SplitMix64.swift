/// The one PRNG of Shortlist (specs README §4): SplitMix64, wrapping UInt64 arithmetic, no warm-up.
/// Used by the `random` selector, the `random` exemplar re-ranker and the TAROT OTM folds.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public private(set) var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state = state &+ 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in `[0, n)` as `next() % n` (the spec accepts the modulo bias).
    public mutating func uniform(below n: UInt64) -> UInt64 {
        precondition(n > 0, "uniform(below:) needs n > 0")
        return next() % n
    }

    /// Fisher–Yates from the top: `for i = n-1 down to 1 { j = next() % (i+1); swap(a[i], a[j]) }`.
    public static func permutation(_ n: Int, seed: UInt64) -> [Int] {
        var a = Array(0..<max(n, 0))
        var g = SplitMix64(seed: seed)
        var i = n - 1
        while i >= 1 {
            let j = Int(g.uniform(below: UInt64(i + 1)))
            a.swapAt(i, j)
            i -= 1
        }
        return a
    }

    /// `K = min(k, M)` folds over a permutation of `0..<M`: the first `M % K` folds take
    /// `ceil(M/K)` consecutive entries, the rest `floor(M/K)`; each fold sorted ascending.
    public static func kfold(_ m: Int, folds k: Int, seed: UInt64) -> [[Int]] {
        precondition(k >= 1 && m >= 1, "kfold needs M >= 1 and k >= 1")
        let kk = min(k, m)
        let p = permutation(m, seed: seed)
        var out: [[Int]] = []
        out.reserveCapacity(kk)
        var start = 0
        for f in 0..<kk {
            let size = m / kk + (f < m % kk ? 1 : 0)
            out.append(p[start..<(start + size)].sorted())
            start += size
        }
        return out
    }
}
