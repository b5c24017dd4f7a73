import LinearAlgebra
import PropertyBased
import Testing
@testable import Selection

/// The band sweep of facility_location's lazy greedy (FacilityLocationGreedy.run) and its
/// saturation lists (FacilityLocationSaturation) against §2.2's naive greedy, on S built directly:
/// grid values (exact gain ties), duplicate columns, all-zero and all-negative columns, unequal
/// weights and several rounds. The sweep's tuning, the list length (1 forces rebuilds from the
/// rows), the 8-bit bounds (with and without) and the pool width may change the work done but never
/// a pick, a score or a round.
@Suite struct FacilityLocationSweepTests {
    /// Target-major S: values on a grid of eighths in [-1, 1] (ties), column 1 copied onto the
    /// last, column 2 all zero, column 3 all negative, some targets with no positive value.
    static func similarity(seed: UInt64, n: Int, m: Int) -> SimilarityMatrix {
        var g = SplitMix64(seed: seed)
        var values = (0..<(m * n)).map { _ in Double(Int(g.next() % 17) - 8) / 8 }
        for i in 0..<m {
            if n > 3 { values[i * n + n - 1] = values[i * n + 1] }
            if n > 4 { values[i * n + 2] = 0 }
            if n > 5 { values[i * n + 3] = -Double(1 + i % 3) / 4 }
            if m > 2 && i % 5 == 4 { for j in 0..<n { values[i * n + j] = -abs(values[i * n + j]) } }
        }
        return SimilarityMatrix(targetCount: m, candidateCount: n, values: values)
    }

    /// Unequal weights, as unequal label groups give.
    static func weights(_ m: Int) -> [Double] { (0..<m).map { 1.0 / Double(3 * (1 + $0 % 4)) } }

    static func picks(
        _ s: SimilarityMatrix, k: Int, listLength: Int, withBounds: Bool, sweep: FacilityLocationGreedy.Sweep, width: Int
    ) throws -> FacilityLocationGreedy.Picks {
        let (m, n) = (s.targetCount, s.candidateCount)
        let pool = WorkerPool(width: width)
        let greedy = try FacilityLocationGreedy(similarity: s, weights: weights(m), pool: pool)
        let bounds = withBounds ? try FacilityLocationBoundColumns(columns: greedy.columns, targetCount: m, candidateCount: n, pool: pool) : nil
        let saturation = try FacilityLocationSaturation(rows: s.values, targetCount: m, candidateCount: n, listLength: listLength, pool: pool)
        return try greedy.run(
            k: k, initialGains: greedy.initialGains(pool: pool), bounds: bounds, saturation: saturation, sweep: sweep, pool: pool, control: .none)
    }

    static let sweeps: [FacilityLocationGreedy.Sweep] = [
        FacilityLocationGreedy.Sweep(),
        // Floors far above every gain: many empty bands before each pick.
        FacilityLocationGreedy.Sweep(guessMargin: 8, firstPickFactor: 8, bandFactor: 0.99, listFactor: 0.99, prefetchDistance: 1),
        // Floors far below: one band holds nearly everything; the list keeps every candidate.
        FacilityLocationGreedy.Sweep(guessMargin: 0.01, firstPickFactor: 0.01, bandFactor: 0.1, listFactor: 0, prefetchDistance: 0),
        FacilityLocationGreedy.Sweep(guessMargin: 1, firstPickFactor: 1, bandFactor: 0.5, listFactor: 0.5, prefetchDistance: 3),
    ]

    /// Every band's bounds on the pool's threads, in chunks of 1 to 5 candidates (prefetches
    /// stop at a chunk's end), so that small data exercises the parallel sweep.
    static func parallel(_ chunk: Int) -> FacilityLocationGreedy.Sweep {
        FacilityLocationGreedy.Sweep(parallelMinimum: 1, parallelChunk: chunk)
    }

    /// The parallel sweep gives the picks, scores and rounds of one thread, bit for bit, for 1 to
    /// 8 workers, with and without 8-bit bounds (without, the bounds are float64 estimates), and
    /// those of §2.2's naive greedy.
    @Test func parallelSweep_EqualsOneThreadAndTheNaiveGreedy_ForOneToEightWorkers() async {
        await propertyCheck(count: 16, input: Gen.int(in: 0...1_000_000), Gen.int(in: 20...160), Gen.int(in: 1...40), Gen.int(in: 1...5)) { seed, n, m, chunk in
            var g = SplitMix64(seed: UInt64(seed))
            let grid = Self.similarity(seed: UInt64(seed), n: n, m: m)
            let continuous = SimilarityMatrix(
                targetCount: m, candidateCount: n,
                values: (0..<(m * n)).map { _ in Double(Float(Double(g.next() >> 11) * 0x1p-53 * 0.2 - 0.05)) })
            for s in [grid, continuous] {
                let naive = FacilityLocationPropertyTests.naiveGreedy(s, weights: Self.weights(m), k: n)
                for withBounds in [true, false] {
                    let one = try Self.picks(s, k: n, listLength: 2, withBounds: withBounds, sweep: .init(), width: 1)
                    #expect(one.order == naive.order && one.scores == naive.scores && one.rounds == naive.rounds)
                    for width in 1...8 {
                        let picks = try Self.picks(s, k: n, listLength: 2, withBounds: withBounds, sweep: Self.parallel(chunk), width: width)
                        #expect(picks == one, "width \(width), chunk \(chunk), bounds \(withBounds)")
                    }
                }
            }
        }
    }

    @Test func sweep_EqualsTheNaiveGreedy_ForAnyTuningListLengthAndWidth() async {
        await propertyCheck(
            count: 60, input: Gen.int(in: 0...1_000_000), Gen.int(in: 1...70), Gen.int(in: 1...40), Gen.int(in: 0...63)
        ) { seed, n, m, variant in
            let s = Self.similarity(seed: UInt64(seed), n: n, m: m)
            let k = variant % 2 == 0 ? n : max(1, n / 3)
            let naive = FacilityLocationPropertyTests.naiveGreedy(s, weights: Self.weights(m), k: k)
            let picks = try Self.picks(
                s, k: k, listLength: 1 + (variant / 2) % 3, withBounds: (variant / 6) % 2 == 0,
                sweep: Self.sweeps[(variant / 12) % 4], width: 1 + variant % 8)
            #expect(picks.order == naive.order)
            #expect(picks.scores == naive.scores)
            #expect(picks.rounds == naive.rounds)
        }
    }

    /// Continuous values, 17 to 40 targets (more than one 16-target load of the 8-bit bounds) and
    /// several candidates per target: many rounds with long tails of tiny gains.
    @Test func sweep_EqualsTheNaiveGreedy_OnContinuousValuesWithManyRounds() async {
        await propertyCheck(count: 12, input: Gen.int(in: 0...1_000_000), Gen.int(in: 80...200), Gen.int(in: 17...40)) { seed, n, m in
            var g = SplitMix64(seed: UInt64(seed))
            let values = (0..<(m * n)).map { _ in Double(Float(Double(g.next() >> 11) * 0x1p-53 * 0.2 - 0.05)) }
            let s = SimilarityMatrix(targetCount: m, candidateCount: n, values: values)
            let naive = FacilityLocationPropertyTests.naiveGreedy(s, weights: Self.weights(m), k: n)
            for listLength in [1, 64] {
                let picks = try Self.picks(s, k: n, listLength: listLength, withBounds: true, sweep: .init(), width: 2)
                #expect(picks.order == naive.order)
                #expect(picks.scores == naive.scores)
                #expect(picks.rounds == naive.rounds)
            }
        }
    }

    /// The fused setup pass (`prepare`) gives the transposed columns, every candidate's gain at
    /// zero coverage and the 8-bit codes that the separate passes give, for 1 to 8 workers.
    @Test func prepare_EqualsTheSeparatePasses_ForOneToEightWorkers() async {
        await propertyCheck(count: 30, input: Gen.int(in: 0...1_000_000), Gen.int(in: 1...3000), Gen.int(in: 1...40), Gen.int(in: 1...8)) { seed, n, m, width in
            let s = Self.similarity(seed: UInt64(seed), n: n, m: m)
            let pool = WorkerPool(width: width)
            // The codes' steps from the saturation lists' first values, as the selector takes them.
            let maxima = try FacilityLocationSaturation(rows: s.values, targetCount: m, candidateCount: n, listLength: 4, pool: pool).bests
            let fused = try FacilityLocationGreedy.prepare(similarity: s, weights: Self.weights(m), boundMaxima: maxima, pool: pool)
            let plain = FacilityLocationGreedy(targetCount: m, candidateCount: n, columns: (0..<(n * m)).map { s[$0 % m, $0 / m] }, weights: Self.weights(m))
            #expect(fused.greedy.columns == plain.columns)
            #expect(fused.initialGains == (try plain.initialGains(pool: WorkerPool(width: 1))))
            let bounds = try FacilityLocationBoundColumns(columns: plain.columns, targetCount: m, candidateCount: n, pool: WorkerPool(width: 1))
            #expect(fused.bounds?.storage == bounds.storage)
            #expect(fused.bounds?.steps == bounds.steps && fused.bounds?.paddedCount == bounds.paddedCount && fused.bounds?.margin == bounds.margin)
            #expect(try FacilityLocationGreedy.prepare(similarity: s, weights: Self.weights(m), boundMaxima: nil, pool: pool).bounds == nil)
        }
    }

    /// `best(i)` is the largest positive similarity of target `i` among the unpicked candidates (0
    /// if none), after every pick of a random order, including lists rebuilt from the rows.
    @Test func saturation_BestIsTheLargestUnpickedPositiveValue_AfterEveryPick() async {
        await propertyCheck(count: 40, input: Gen.int(in: 0...1_000_000), Gen.int(in: 1...50), Gen.int(in: 1...12), Gen.int(in: 1...5)) { seed, n, m, l in
            let s = Self.similarity(seed: UInt64(seed), n: n, m: m)
            var saturation = try FacilityLocationSaturation(rows: s.values, targetCount: m, candidateCount: n, listLength: l, pool: WorkerPool(width: 3))
            var g = SplitMix64(seed: UInt64(seed) ^ 0xB35)
            var order = Array(0..<n)
            for p in stride(from: n - 1, to: 0, by: -1) { order.swapAt(p, Int(g.next() % UInt64(p + 1))) }
            var selected = [Bool](repeating: false, count: n)
            for pick in [-1] + order {
                if pick >= 0 {
                    selected[pick] = true
                    selected.withUnsafeBufferPointer { saturation.remove(selected: $0.baseAddress!) }
                }
                for i in 0..<m {
                    let expected = (0..<n).filter { !selected[$0] }.map { s[i, $0] }.reduce(0.0) { max($0, $1) }
                    #expect(saturation.best(i) == expected, "target \(i) after picking \(pick)")
                }
            }
        }
    }
}
