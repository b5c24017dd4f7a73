import JSON
import LinearAlgebra
import PropertyBased
import Selection
import Testing

/// Invariants every selector of this module keeps, on small random inputs.
@Suite struct SelectionPropertyTests {
    static let names = SelectionEngine.vectorMethodNames
    /// TAROT returns a set: budgets are not prefixes of each other (tarot.md §7), and whitening
    /// pools the candidates' covariance, so rescaling one candidate moves every whitened row.
    /// Its own suite tests the exact budget, ascending order and block invariance instead.
    static let rankingNames = names.filter { $0 != "tarot" }
    static let sizes = Gen.int(in: 2...30)
    static let seeds = Gen.int(in: 0...1_000_000)

    static func selector(_ name: String) -> any Selector.Type {
        SelectionEngine.selector(named: name) ?? RandomSelector.self
    }

    @Test(arguments: names)
    func output_HasExactlyK_DistinctIndices(_ name: String) async {
        await propertyCheck(count: 25, input: Self.seeds, Self.sizes, Gen.int(in: 1...5)) { seed, n, m in
            let data = SyntheticInput(seed: UInt64(seed), n: n, m: m, d: 4)
            let k = seed % (n + 1)
            let result = try runSelector(Self.selector(name), data.input(), k: k, seed: UInt64(seed))
            #expect(result.order.count == k)
            #expect(Set(result.order).count == k)
            #expect(result.order.allSatisfy { (0..<n).contains($0) })
            if let scores = result.scores { #expect(scores.count == k) }
        }
    }

    @Test(arguments: rankingNames)
    func shorterBudget_IsPrefix_OfLongerBudget(_ name: String) async {
        await propertyCheck(count: 25, input: Self.seeds, Self.sizes, Gen.int(in: 1...5)) { seed, n, m in
            let data = SyntheticInput(seed: UInt64(seed), n: n, m: m, d: 3)
            let k = seed % (n + 1)
            let full = try runSelector(Self.selector(name), data.input(), k: n, seed: 9)
            let part = try runSelector(Self.selector(name), data.input(), k: k, seed: 9)
            #expect(part.order == Array(full.order.prefix(k)))
        }
    }

    @Test(arguments: names)
    func streamingInBlocksOfAnySize_OnAnyNumberOfWorkers_GivesBitIdenticalResults(_ name: String) async {
        await propertyCheck(count: 15, input: Self.seeds, Self.sizes, Gen.int(in: 1...5)) { seed, n, m in
            let data = SyntheticInput(seed: UInt64(seed), n: n, m: m, d: 9)
            let whole = try runSelector(Self.selector(name), data.input(blockRows: n), k: n, seed: 3)
            for blockRows in [1, 7] {
                for workers in [1, 2, 3, 8] {
                    let streamed = try runSelector(Self.selector(name), data.input(blockRows: blockRows, workers: workers), k: n, seed: 3)
                    #expect(streamed == whole, "blocks of \(blockRows), \(workers) workers")
                }
            }
        }
    }

    @Test(arguments: names)
    func sameInputs_GiveTheSameResult(_ name: String) async {
        await propertyCheck(count: 10, input: Self.seeds, Self.sizes) { seed, n in
            let data = SyntheticInput(seed: UInt64(seed), n: n, m: 3, d: 5)
            let first = try runSelector(Self.selector(name), data.input(), k: n, seed: UInt64(seed))
            let second = try runSelector(Self.selector(name), data.input(), k: n, seed: UInt64(seed))
            #expect(first == second)
        }
    }

    @Test(arguments: rankingNames)
    func scalingACandidateByAPowerOfTwo_ChangesNothing(_ name: String) async {
        await propertyCheck(count: 20, input: Self.seeds, Self.sizes, Gen.int(in: -20...20)) { seed, n, exponent in
            let data = SyntheticInput(seed: UInt64(seed), n: n, m: 4, d: 5)
            let scaled = data.scalingCandidate(seed % n, by: Float(sign: .plus, exponent: exponent, significand: 1))
            let base = try runSelector(Self.selector(name), data.input(), k: n, seed: 1)
            let other = try runSelector(Self.selector(name), scaled.input(), k: n, seed: 1)
            #expect(base == other)
        }
    }

    /// Random is excluded: its order is a permutation of positions, not of candidates.
    @Test(arguments: ["less", "doubly_greedy", "mean_topk", "round_robin", "uot"])
    func permutingCandidates_PermutesTheOrder(_ name: String) async {
        await propertyCheck(count: 20, input: Self.seeds, Self.sizes, Gen.int(in: 1...5)) { seed, n, m in
            let data = SyntheticInput(seed: UInt64(seed), n: n, m: m, d: 6)
            let permutation = SplitMix64.permutation(n, seed: UInt64(seed) &+ 1)
            let base = try runSelector(Self.selector(name), data.input(), k: n)
            let moved = try runSelector(Self.selector(name), data.permutingCandidates(permutation).input(), k: n)
            #expect(moved.order.map { permutation[$0] } == base.order)
        }
    }

    /// KNN weights tie by construction (counts), so the check is on each candidate's weight.
    @Test func permutingCandidates_PermutesKNNWeights() async {
        await propertyCheck(count: 20, input: Self.seeds, Self.sizes) { seed, n in
            let data = SyntheticInput(seed: UInt64(seed), n: n, m: 4, d: 6)
            let permutation = SplitMix64.permutation(n, seed: UInt64(seed) &+ 1)
            let params: [String: JSONValue] = ["L": .int(max(1, n / 2)), "alpha": .double(0.5), "C": .double(0.5)]
            let base = try runSelector(KNNUniformSelector.self, data.input(), k: n, parameters: params)
            let moved = try runSelector(KNNUniformSelector.self, data.permutingCandidates(permutation).input(), k: n, parameters: params)
            #expect(Self.weightByCandidate(moved, mapping: permutation) == Self.weightByCandidate(base, mapping: Array(0..<n)))
        }
    }

    static func weightByCandidate(_ result: SelectionResult, mapping: [Int]) -> [Int: Double] {
        var out: [Int: Double] = [:]
        for (j, p) in zip(result.order, result.scores ?? []) { out[mapping[j]] = p }
        return out
    }

    @Test func randomOrder_DependsOnlyOnSeedAndN() async {
        await propertyCheck(count: 20, input: Self.seeds, Self.sizes) { seed, n in
            let a = SyntheticInput(seed: UInt64(seed), n: n, m: 2, d: 3)
            let b = SyntheticInput(seed: UInt64(seed) + 7, n: n, m: 5, d: 2)
            let ra = try runSelector(RandomSelector.self, a.input(), k: n, seed: UInt64(seed))
            let rb = try runSelector(RandomSelector.self, b.input(), k: n, seed: UInt64(seed))
            #expect(ra.order == rb.order)
            #expect(ra.order == SplitMix64.permutation(n, seed: UInt64(seed)))
        }
    }
}
