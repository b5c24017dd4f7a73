import LinearAlgebra
import PropertyBased
import Testing
@testable import Selection

/// The 8-bit bounds of the lazy greedy (FacilityLocationBoundColumns) may be loose but never below
/// the exact gain of coverage.md §2.1, and "nothing positive" must mean an exact gain of 0: either
/// mistake would let the greedy skip the candidate it should pick.
@Suite struct FacilityLocationBoundColumnsTests {
    /// Columns with negatives, zeros, tiny and repeated values; coverage levels taken from the
    /// columns themselves (so levels equal to a value occur), from zero and from between.
    static func columns(seed: UInt64, n: Int, m: Int) -> [Double] {
        var g = SplitMix64(seed: seed)
        return (0..<(n * m)).map { _ in
            let u = Double(g.next() >> 11) * 0x1p-53
            switch g.next() % 8 {
            case 0: return 0
            case 1: return -u
            case 2: return u * 1e-30
            case 3: return 0.25
            default: return Double(Float(u * 2 - 0.5))
            }
        }
    }

    @Test func bound_IsNeverBelowTheExactGain_AndZeroOnlyForAZeroGain() async {
        await propertyCheck(count: 60, input: Gen.int(in: 0...1_000_000), Gen.int(in: 1...40), Gen.int(in: 1...70)) { seed, n, m in
            let values = Self.columns(seed: UInt64(seed), n: n, m: m)
            let weights = (0..<m).map { 1.0 / Double(m + $0 % 3) }
            let greedy = FacilityLocationGreedy(targetCount: m, candidateCount: n, columns: values, weights: weights)
            // The portable kernel, and the AVX2 one where the CPU has it.
            for vectorized in [false, true] where !vectorized || ByteCodes.isSupported {
                let bounds = try FacilityLocationBoundColumns(
                    columns: values, targetCount: m, candidateCount: n, vectorized: vectorized, pool: WorkerPool(width: 1))
                #expect(bounds.vectorized == vectorized)
                var g = SplitMix64(seed: UInt64(seed) ^ 0x5EED)
                var cur = [Double](repeating: 0, count: m)
                for _ in 0..<4 {
                    var levels = [Float](repeating: 0, count: bounds.paddedCount)
                    for i in 0..<m { levels[FacilityLocationBoundColumns.lane(i)] = FacilityLocationBoundColumns.roundedDown(cur[i]) }
                    let laneWeights = bounds.laneWeights(weights)
                    for j in 0..<n {
                        let exact = cur.withUnsafeBufferPointer { c in
                            values.withUnsafeBufferPointer { v in
                                weights.withUnsafeBufferPointer { w in greedy.gain(of: j, cur: c.baseAddress!, columns: v.baseAddress!, weights: w.baseAddress!) }
                            }
                        }
                        let (sum, positive) = bounds.storage.withUnsafeBytes { q in
                            levels.withUnsafeBufferPointer { l in
                                laneWeights.withUnsafeBufferPointer { w in bounds.bound(of: j, storage: q.baseAddress!, levels: l.baseAddress!, weights: w.baseAddress!) }
                            }
                        }
                        #expect(Double(sum) * bounds.margin + bounds.slack >= exact, "candidate \(j): bound below the gain \(exact)")
                        if !positive { #expect(exact == 0, "candidate \(j): no positive code but gain \(exact)") }
                    }
                    // Cover some targets by a random column (as a pick does), some halfway; saturate
                    // one now and then (the greedy's infinite level: its term is 0).
                    let pick = Int(g.next() % UInt64(n))
                    for i in 0..<m where g.next() % 2 == 0 { cur[i] = max(cur[i], values[pick * m + i] * (g.next() % 2 == 0 ? 1 : 0.5)) }
                    if g.next() % 3 == 0 { cur[Int(g.next() % UInt64(m))] = .infinity }
                }
            }
        }
    }
}
