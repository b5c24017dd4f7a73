import PropertyBased
import Testing
@testable import LinearAlgebra

@Suite struct RankingTests {
    @Test func order_BreaksTies_ByLowerIndex() {
        #expect(Ranking.order([0.5, 0.9, 0.5, 0.9, 0.1]) == [1, 3, 0, 2, 4])
    }

    @Test func topK_ReturnsEmpty_WhenKIsZero() {
        #expect(Ranking.topK([1.0, 2.0], k: 0) == [])
    }

    @Test func topK_ReturnsAll_WhenKExceedsCount() {
        #expect(Ranking.topK([1.0, 3.0, 2.0], k: 10) == [1, 2, 0])
    }

    @Test func topK_EqualsPrefixOfFullSort_OnRandomScoresWithTies() async {
        await propertyCheck(input: Gen.int(in: 0...40).array(of: 0...200), Gen.int(in: 0...220)) { raw, k in
            // Small integer scores force many exact ties.
            let scores = raw.map { Double($0) / 4 }
            #expect(Ranking.topK(scores, k: k) == Array(Ranking.order(scores).prefix(k)))
        }
    }

    @Test func accumulator_FedInBlocks_EqualsOneShot() async {
        await propertyCheck(input: Gen.int(in: -5...5).array(of: 1...120), Gen.int(in: 1...30)) { raw, k in
            let scores = raw.map(Float.init)
            var acc = TopKAccumulator<Float>(k: k)
            for i in stride(from: scores.count - 1, through: 0, by: -1) { acc.push(score: scores[i], index: i) }
            #expect(acc.sortedIndices() == Ranking.topK(scores, k: k))
        }
    }
}
