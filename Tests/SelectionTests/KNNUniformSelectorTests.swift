import JSON
import LinearAlgebra
import PropertyBased
import Selection
import Testing

@Suite struct KNNUniformSelectorTests {
    /// selection.md §6 written out directly (double loop for the stopping rule).
    static func naive(_ s: SimilarityMatrix, l: Int, alpha: Double, c: Double) -> (p: [Double], k: Int) {
        let n = s.candidateCount, m = s.targetCount
        let lp = min(l, n)
        var nn: [[Int]] = [], dist: [[Double]] = []
        for i in 0..<m {
            let d = (0..<n).map { 1 - s[i, $0] }
            let sorted = (0..<n).sorted { d[$0] < d[$1] || (d[$0] == d[$1] && $0 < $1) }.prefix(lp)
            nn.append(Array(sorted))
            dist.append(sorted.map { d[$0] })
        }
        var k = 1
        while k < lp {
            var gap = 0.0
            for i in 0..<m { for r in 0..<k { gap += dist[i][k] - dist[i][r] } }
            if !((alpha / c) * gap < (1 - alpha) * Double(m)) { break }
            k += 1
        }
        var count = [Int](repeating: 0, count: n)
        for list in nn { for j in list.prefix(k) { count[j] += 1 } }
        return (count.map { Double($0) / Double(k * m) }, k)
    }

    @Test func weightsAndK_MatchTheDirectStoppingRule() async {
        await propertyCheck(count: 25, input: Gen.int(in: 0...1_000_000), Gen.int(in: 2...50), Gen.int(in: 1...60)) { seed, n, l in
            let data = SyntheticInput(seed: UInt64(seed), n: n, m: 4, d: 5)
            let params: [String: JSONValue] = ["L": .int(l), "alpha": .double(0.5), "C": .double(0.25)]
            let result = try runSelector(KNNUniformSelector.self, data.input(), k: n, parameters: params)
            let want = Self.naive(try SimilarityMatrix.compute(data.input(), weights: [1]), l: l, alpha: 0.5, c: 0.25)
            #expect(result.diagnostic("K") == .int(want.k))
            #expect(result.diagnostic("L") == .int(min(l, n)))
            #expect(result.order == Ranking.order(want.p))
            #expect(result.scores == Ranking.order(want.p).map { want.p[$0] })
            #expect(result.diagnostic("support") == .int(want.p.filter { $0 > 0 }.count))
        }
    }

    /// With the defaults the rule never fires for cosine gaps, so every candidate gets 1/N.
    @Test func defaults_RunToTheCap_AndGiveIndexOrder() throws {
        let data = SyntheticInput(seed: 41, n: 30, m: 3, d: 4)
        let result = try runSelector(KNNUniformSelector.self, data.input(), k: 30)
        #expect(result.diagnostic("K") == .int(30))
        #expect(result.diagnostic("L") == .int(30))
        #expect(result.order == Array(0..<30))
        #expect(result.scores == [Double](repeating: 1.0 / 30, count: 30))
    }
}
