import LinearAlgebra
import PropertyBased
import Testing
@testable import Selection

@Suite struct RowRankingTests {
    /// Scores on a coarse grid, so that ties (and ties at the cut) are common.
    static func scores(_ n: Int, seed: Int) -> [Double] {
        var g = SplitMix64(seed: UInt64(seed))
        return (0..<n).map { _ in Double(g.next() % 9) / 4 - 1 }
    }

    static func reference(_ scores: [Double], count: Int) -> [(score: Double, index: Int)] {
        var heap = TopKAccumulator<Double>(k: count)
        for (j, s) in scores.enumerated() { heap.push(score: s, index: j) }
        return heap.sorted()
    }

    @Test func best_IsTheTopOfTheFullOrder_WithTiesByIndex() async {
        await propertyCheck(count: 60, input: Gen.int(in: 0...1_000_000), Gen.int(in: 0...300), Gen.int(in: 0...320)) { seed, n, count in
            let s = Self.scores(n, seed: seed)
            let got = s.withUnsafeBufferPointer { RowRanking.best($0, count: count) }
            let want = Self.reference(s, count: min(count, n))
            #expect(got.map(\.index) == want.map(\.index))
            #expect(got.map(\.score) == want.map(\.score))
        }
    }

    @Test func negatedBest_RanksByAscendingScore() async {
        await propertyCheck(count: 40, input: Gen.int(in: 0...1_000_000), Gen.int(in: 1...200)) { seed, n in
            let s = Self.scores(n, seed: seed)
            let count = 1 + seed % n
            let got = s.withUnsafeBufferPointer { RowRanking.best($0, count: count, negated: true) }
            let want = Self.reference(s.map { -$0 }, count: count)
            #expect(got.map(\.index) == want.map(\.index))
        }
    }

    @Test func kthLargest_MatchesTheSortedValue_OnSortedAndConstantRuns() {
        let inputs: [[Double]] = [
            (0..<500).map(Double.init), (0..<500).map { Double(500 - $0) },
            [Double](repeating: 2, count: 300), (0..<400).map { Double($0 % 2) },
        ]
        for values in inputs {
            for target in [0, 1, values.count / 2, values.count - 1] {
                var work = values
                #expect(RowRanking.kthLargest(&work, target) == values.sorted(by: >)[target])
            }
        }
    }
}
