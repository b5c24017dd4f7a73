import LinearAlgebra
import PropertyBased
import Selection
import Testing

@Suite struct SelectionCoverageTests {
    /// S = [[0.1, 0.9, 0.4],
    ///      [0.7, 0.2, 0.7],
    ///      [-0.3, -0.1, -0.5]]
    static let s = SimilarityMatrix(targetCount: 3, candidateCount: 3, values: [0.1, 0.9, 0.4, 0.7, 0.2, 0.7, -0.3, -0.1, -0.5])

    @Test func perTargetFigures_AreTheBestOverTheSelectionAndOverThePool() {
        let c = SelectionCoverage(similarity: Self.s, selected: [2, 0])
        #expect(c.bestSelected == [0.4, 0.7, -0.3])
        #expect(c.poolBest == [0.9, 0.7, -0.1])
        // Target 1 ties at 0.7 between candidates 0 and 2: the lower index is the nearest.
        #expect(c.nearestSelected == [2, 0, 0])
        #expect(c.candidateBest == [0.7, 0.9, 0.7])
        #expect(abs(c.coverage! - (0.4 + 0.7 - 0.3) / 3) < 1e-15)
        #expect(c.nnRecall == 1.0 / 3)
        #expect(c.leastCovered(2) == [2, 0])
    }

    @Test func anEmptySelection_HasNoCoverageAndRecallZero() {
        let c = SelectionCoverage(similarity: Self.s, selected: [])
        #expect(c.bestSelected == [nil, nil, nil] && c.coverage == nil)
        #expect(c.nnRecall == 0)
        #expect(c.leastCovered(5) == [0, 1, 2])
    }

    @Test func selectionCoverage_NeverExceedsThePoolBest_AndSelectingEverythingReachesIt() async {
        await propertyCheck(count: 50, input: Gen.int(in: 0...1_000_000), Gen.int(in: 1...6), Gen.int(in: 1...9)) { seed, m, n in
            // Similarities in [-1, 1) on a grid of 1/8, so that ties happen.
            var g = SplitMix64(seed: UInt64(seed))
            func next() -> Double { Double(Int(g.next() % 16) - 8) / 8 }
            let s = SimilarityMatrix(targetCount: m, candidateCount: n, values: (0..<(m * n)).map { _ in next() })
            let picked = (0..<n).filter { _ in next() > 0 }
            let c = SelectionCoverage(similarity: s, selected: picked)
            for i in 0..<m {
                if let best = c.bestSelected[i] { #expect(best <= c.poolBest[i]) } else { #expect(picked.isEmpty) }
                #expect(c.nearestSelected[i].map { s[i, $0] } == c.bestSelected[i])
            }
            let all = SelectionCoverage(similarity: s, selected: Array(0..<n))
            #expect(all.bestSelected == all.poolBest.map { Optional($0) }, "every target reaches its pool best")
            #expect(all.nnRecall == 1)
        }
    }
}
