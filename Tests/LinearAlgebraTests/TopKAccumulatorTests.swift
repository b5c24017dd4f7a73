import PropertyBased
import Testing
@testable import LinearAlgebra

@Suite struct TopKAccumulatorTests {
    /// Coarse scores, so ties occur and must resolve by the lower index.
    static func coarseScores(_ n: Int, seed: UInt64) -> [Double] {
        var g = SplitMix64(seed: seed)
        return (0..<n).map { _ in Double(g.next() % 7) }
    }

    static func fullRanking(_ scores: [Double]) -> [Int] {
        scores.indices.sorted { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
    }

    @Test func keptIndices_AreThePrefixOfTheFullRanking_AlsoAfterRemoveAll() async {
        await propertyCheck(count: 60, input: Gen.int(in: 0...1_000_000), Gen.int(in: 1...60), Gen.int(in: 0...70)) { seed, n, k in
            let first = Self.coarseScores(n, seed: UInt64(seed))
            let second = Self.coarseScores(n, seed: UInt64(seed) + 1)
            var acc = TopKAccumulator<Double>(k: k)
            for (i, s) in first.enumerated() { acc.push(score: s, index: i) }
            #expect(acc.sortedIndices() == Array(Self.fullRanking(first).prefix(k)))
            acc.removeAll()
            #expect(acc.count == 0)
            for (i, s) in second.enumerated() { acc.push(score: s, index: i) }
            #expect(acc.sortedIndices() == Array(Self.fullRanking(second).prefix(k)))
        }
    }
}
