import LinearAlgebra
import PropertyBased
import Selection
import Testing

@Suite struct RoundRobinSelectorTests {
    /// The O(k N) form of selection.md §4, for comparison with the lazily sorted prefixes.
    static func naive(_ s: SimilarityMatrix, k: Int) -> (order: [Int], pickedBy: [Int]) {
        var used = Set<Int>()
        var order: [Int] = [], pickedBy: [Int] = []
        var i = 0
        while order.count < k {
            var best = -1
            for j in 0..<s.candidateCount where !used.contains(j) {
                if best < 0 || Ranking.precedes(s[i, j], j, s[i, best], best) { best = j }
            }
            used.insert(best)
            order.append(best)
            pickedBy.append(i)
            i = (i + 1) % s.targetCount
        }
        return (order, pickedBy)
    }

    /// Near-identical targets contend for the same candidates, forcing the prefixes to grow.
    @Test func picks_MatchTheNaiveRoundRobin_UnderContention() async {
        await propertyCheck(count: 25, input: Gen.int(in: 0...1_000_000), Gen.int(in: 1...60), Gen.int(in: 1...9)) { seed, n, m in
            var data = SyntheticInput(seed: UInt64(seed), n: n, m: m, d: 3)
            if seed % 2 == 0 { for i in 1..<m { for c in 0..<3 { data.targets[i, c] = data.targets[0, c] * Float(1 + i) } } }
            let k = seed % (n + 1)
            let result = try runSelector(RoundRobinSelector.self, data.input(), k: k)
            let s = try SimilarityMatrix.compute(data.input(), weights: [1])
            let want = Self.naive(s, k: k)
            #expect(result.order == want.order)
            #expect(result.pickedBy == want.pickedBy)
            #expect(result.scores == zip(want.pickedBy, want.order).map { s[$0, $1] })
        }
    }

    @Test func singleQuery_EqualsCosineTopK() throws {
        let data = SyntheticInput(seed: 21, n: 40, m: 1, d: 5)
        let rr = try runSelector(RoundRobinSelector.self, data.input(), k: 15)
        let less = try runSelector(LessSelector.self, data.input(), k: 15)
        #expect(rr.order == less.order)
    }

    @Test func queries_TakeTurns_AndOnlyTheFirstKPickWhenMExceedsN() throws {
        let data = SyntheticInput(seed: 22, n: 5, m: 8, d: 4)
        let result = try runSelector(RoundRobinSelector.self, data.input(), k: 5)
        #expect(result.pickedBy == [0, 1, 2, 3, 4])
        #expect(Set(result.order) == Set(0..<5))
    }
}
