import JSON
import LinearAlgebra
import PropertyBased
import Selection
import Testing

/// facility_location (coverage.md §2): the lazy greedy equals the naive greedy with rounds bit for
/// bit, and the coverage objective of the first k picks never decreases with k.
@Suite struct FacilityLocationPropertyTests {
    /// §2.2 as written: every unselected gain recomputed at every step, from target-major S.
    static func naiveGreedy(_ s: SimilarityMatrix, weights w: [Double], k: Int) -> (order: [Int], scores: [Double], rounds: [Int]) {
        let (m, n) = (s.targetCount, s.candidateCount)
        var cur = [Double](repeating: 0, count: m)
        var selected = [Bool](repeating: false, count: n)
        var out: (order: [Int], scores: [Double], rounds: [Int]) = ([], [], [])
        var round = 0, picksInRound = 0
        func gain(_ j: Int) -> Double {
            var g = 0.0
            for i in 0..<m where s[i, j] > cur[i] { g = g + w[i] * (s[i, j] - cur[i]) }
            return g
        }
        while out.order.count < k {
            var best = -1, bestGain = -1.0
            for j in 0..<n where !selected[j] {
                let g = gain(j)
                if g > bestGain { (best, bestGain) = (j, g) }
            }
            if bestGain > 0 {
                selected[best] = true
                out.order.append(best)
                out.scores.append(bestGain)
                out.rounds.append(round)
                for i in 0..<m { cur[i] = max(cur[i], s[i, best]) }
                picksInRound += 1
            } else if picksInRound > 0 {
                round += 1
                picksInRound = 0
                cur = [Double](repeating: 0, count: m)
            } else {
                for j in 0..<n where !selected[j] && out.order.count < k {
                    out.order.append(j)
                    out.scores.append(0)
                    out.rounds.append(-1)
                }
            }
        }
        return out
    }

    /// `F(A) = Σ_i w_i max(0, max_{j in A} S[i, j])`.
    static func objective(_ s: SimilarityMatrix, weights w: [Double], _ picks: ArraySlice<Int>) -> Double {
        var f = 0.0
        for i in 0..<s.targetCount {
            let best = picks.map { s[i, $0] }.max() ?? 0
            f += w[i] * max(0, best)
        }
        return f
    }

    /// Inputs with exact ties and fill candidates: entries on a coarse grid, some rows copied, some zero.
    static func data(seed: Int, n: Int, m: Int) -> SyntheticInput {
        var data = SyntheticInput(seed: UInt64(seed), n: n, m: m, d: 4)
        for r in 0..<n { for c in 0..<4 { data.candidates[r, c] = (data.candidates[r, c] * 4).rounded() / 4 } }
        if n > 3 { data = data.duplicatingCandidate(0, onto: n - 1) }
        if n > 5 { for c in 0..<4 { data.candidates[2, c] = 0 } }
        return data
    }

    /// Runs facility_location with k = n and expects the naive greedy's order, scores and rounds.
    static func expectTheNaiveGreedy(_ data: SyntheticInput, n: Int, m: Int) throws {
        let result = try runSelector(FacilityLocationSelector.self, data.input(), k: n)
        let s = try SimilarityMatrix.compute(data.input(), weights: [1])
        let naive = naiveGreedy(s, weights: [Double](repeating: 1.0 / Double(m), count: m), k: n)
        #expect(result.order == naive.order)
        #expect(result.scores == naive.scores)
        #expect(result.rounds == naive.rounds)
    }

    @Test func lazyGreedy_EqualsTheNaiveGreedy_BitForBit() async {
        await propertyCheck(count: 40, input: Gen.int(in: 0...1_000_000), Gen.int(in: 2...40), Gen.int(in: 1...6)) { seed, n, m in
            try Self.expectTheNaiveGreedy(Self.data(seed: seed, n: n, m: m), n: n, m: m)
        }
    }

    /// Continuous data with more targets than one 16-target load of the 8-bit bounds (and not a
    /// multiple of 16) and several candidates per target, hence several rounds: the cheap bounds
    /// never change a pick, a score or a round.
    @Test func lazyGreedy_EqualsTheNaiveGreedy_WithManyTargetsAndRounds() async {
        await propertyCheck(count: 12, input: Gen.int(in: 0...1_000_000), Gen.int(in: 60...160), Gen.int(in: 17...40)) { seed, n, m in
            let data = SyntheticInput(seed: UInt64(seed), n: n, m: m, d: 12).duplicatingCandidate(1, onto: n / 2)
            try Self.expectTheNaiveGreedy(data, n: n, m: m)
        }
    }

    @Test func objective_NeverDecreases_WithK() async {
        await propertyCheck(count: 40, input: Gen.int(in: 0...1_000_000), Gen.int(in: 2...40), Gen.int(in: 1...6)) { seed, n, m in
            let data = Self.data(seed: seed, n: n, m: m)
            let full = try runSelector(FacilityLocationSelector.self, data.input(), k: n)
            let s = try SimilarityMatrix.compute(data.input(), weights: [1])
            let w = [Double](repeating: 1.0 / Double(m), count: m)
            var previous = 0.0
            for k in 0...n {
                let f = Self.objective(s, weights: w, full.order.prefix(k))
                #expect(f >= previous, "F dropped at k = \(k)")
                previous = f
            }
        }
    }

    @Test func roundZeroGains_AddUpToTheObjective_AndDoNotIncrease() async {
        await propertyCheck(count: 30, input: Gen.int(in: 0...1_000_000), Gen.int(in: 2...40), Gen.int(in: 1...6)) { seed, n, m in
            let data = Self.data(seed: seed, n: n, m: m)
            let result = try runSelector(FacilityLocationSelector.self, data.input(), k: n)
            let s = try SimilarityMatrix.compute(data.input(), weights: [1])
            let scores = try #require(result.scores), rounds = try #require(result.rounds)
            let zero = zip(result.order, zip(scores, rounds)).filter { $0.1.1 == 0 }
            let f = Self.objective(s, weights: [Double](repeating: 1.0 / Double(m), count: m), ArraySlice(zero.map(\.0)))
            #expect(abs(zero.reduce(0.0) { $0 + $1.1.0 } - f) <= 1e-12)
            for p in 1..<max(1, scores.count) where rounds[p] == rounds[p - 1] && rounds[p] >= 0 {
                #expect(scores[p] <= scores[p - 1], "gain rose inside round \(rounds[p])")
            }
        }
    }

    @Test func groupsThatDoNotFit_AreRefused_BeforeAnyCandidateIsRead() throws {
        let data = SyntheticInput(seed: 1, n: 10, m: 6, d: 3)
        let error = selectionError { _ = try runSelector(FacilityLocationSelector.self, data.input(), k: 3, parameters: ["groups": .int(4)]) }
        #expect(error?.code == .invalidGroups)
        #expect(error?.parameter == "groups")
    }
}
