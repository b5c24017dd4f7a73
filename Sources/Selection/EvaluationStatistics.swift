import Foundation
import LinearAlgebra

/// The figures of an evaluation's result (docs/evaluations.md §Statistics): percentile bootstrap
/// intervals and the exact McNemar test. Deterministic: the same values and seed give the same
/// bits on every machine (scripts/evaluation_reference.py recomputes them independently).
public enum EvaluationStatistics {
    /// The 95 % percentile bootstrap interval of the mean of `values`: `resamples` resamples of
    /// size n, each drawing n indices `SplitMix64(seed).uniform(below: n)` in order (one generator
    /// for the whole interval, started afresh for every interval); the resample means are sorted
    /// and cut at 2.5 % and 97.5 % by `percentile`. nil for no values.
    public static func bootstrapInterval(_ values: [Double], resamples: Int, seed: UInt64) -> (low: Double, high: Double)? {
        guard !values.isEmpty, resamples > 0 else { return nil }
        var generator = SplitMix64(seed: seed)
        let n = values.count
        var means = [Double](repeating: 0, count: resamples)
        for r in 0..<resamples {
            var sum = 0.0
            for _ in 0..<n { sum += values[Int(generator.uniform(below: UInt64(n)))] }
            means[r] = sum / Double(n)
        }
        means.sort()
        return (percentile(means, 0.025), percentile(means, 0.975))
    }

    /// The q-quantile of ascending `sorted` with linear interpolation between closest ranks
    /// (NumPy's default): h = (n - 1) q, x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]).
    public static func percentile(_ sorted: [Double], _ q: Double) -> Double {
        precondition(!sorted.isEmpty, "percentile of nothing")
        let h = Double(sorted.count - 1) * q
        let lower = Int(h.rounded(.down))
        guard lower + 1 < sorted.count else { return sorted[sorted.count - 1] }
        return sorted[lower] + (h - Double(lower)) * (sorted[lower + 1] - sorted[lower])
    }

    /// The exact two-sided McNemar p-value for `b` and `c` discordant pairs: under H0 each
    /// discordant pair goes either way with probability 1/2, so p = min(1, 2 P(X <= min(b, c)))
    /// for X ~ Binomial(b + c, 1/2); 1 when there is no discordant pair. Summed in log space, so
    /// b + c in the thousands neither overflows nor underflows.
    public static func mcnemarExactP(b: Int, c: Int) -> Double {
        let n = b + c
        guard n > 0 else { return 1 }
        let k = min(b, c)
        let logTotal = Double(n) * log(2.0)
        let logFactorialN: Double = lgamma(Double(n + 1))
        var logs: [Double] = []
        for i in 0...k {
            let logChoose: Double = logFactorialN - lgamma(Double(i + 1)) - lgamma(Double(n - i + 1))
            logs.append(logChoose - logTotal)
        }
        let top: Double = logs.max() ?? 0
        var scaled = 0.0
        for l in logs { scaled += exp(l - top) }
        let tail: Double = exp(top) * scaled
        return min(1, 2 * tail)
    }
}
