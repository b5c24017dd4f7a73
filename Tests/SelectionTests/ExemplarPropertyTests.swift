import LinearAlgebra
import PropertyBased
import Selection
import Testing

@Suite struct ExemplarPropertyTests {
    /// Options for a reranker with m and k small enough for mgs's subset cap.
    static func options(_ r: ExemplarReranker, k: Int, m: Int, seed: UInt64 = 0) -> ExemplarOptions {
        ExemplarOptions(reranker: r, k: k, m: m, nComponents: r == .lore ? 3 : 128, seed: seed)
    }

    @Test(arguments: ExemplarReranker.allCases)
    func result_HasExactlyKDistinctAllowedIndices(_ r: ExemplarReranker) async {
        await propertyCheck(count: 40, input: Gen.uint64(), Gen.int(in: 1...30), Gen.int(in: 0...6)) { seed, rows, k in
            let data = ExemplarTestData(seed: seed, rows: rows, dim: 5, duplicates: rows / 4)
            let allowed = (0..<rows).filter { ($0 &* 7 &+ Int(seed % 3)) % 5 != 0 }
            guard !allowed.isEmpty else { return }
            let m = min(allowed.count, 9)
            let kk = min(k, m)
            let result = try data.rank(Self.options(r, k: kk, m: m, seed: seed), allowed: allowed)
            #expect(result.order.count == kk)
            #expect(Set(result.order).count == kk)
            #expect(result.order.allSatisfy { allowed.contains($0) })
            if r.usesFirstStage, let positions = result.positions, let firstStage = result.firstStage {
                // hybrid: an item only bm25 found has no first-stage position.
                for (p, index) in zip(positions, result.order) { #expect(p.map { firstStage[$0] } ?? index == index) }
                #expect(zip(positions, result.order).allSatisfy { $0.0 != nil || !firstStage.contains($0.1) })
            }
        }
    }

    @Test(arguments: [ExemplarReranker.knn, .mmr, .random])
    func result_IsPrefixStable(_ r: ExemplarReranker) async {
        await propertyCheck(count: 40, input: Gen.uint64(), Gen.int(in: 2...30)) { seed, rows in
            let data = ExemplarTestData(seed: seed, rows: rows, dim: 4, duplicates: rows / 5)
            let m = min(rows, 12)
            let full = try data.rank(Self.options(r, k: m, m: m, seed: seed))
            for k in 0...m {
                let part = try data.rank(Self.options(r, k: k, m: m, seed: seed))
                #expect(part.order == Array(full.order.prefix(k)))
                #expect(part.scores == full.scores.map { Array($0.prefix(k)) })
            }
        }
    }

    @Test(arguments: ExemplarReranker.allCases)
    func sameInputsAndSeed_GiveIdenticalResults(_ r: ExemplarReranker) async {
        await propertyCheck(count: 20, input: Gen.uint64(), Gen.int(in: 8...25)) { seed, rows in
            let data = ExemplarTestData(seed: seed, rows: rows, dim: 6, duplicates: 3)
            let options = Self.options(r, k: 4, m: 8, seed: seed)
            let first = try data.rank(options), second = try data.rank(options)
            #expect(first == second)
        }
    }

    @Test(arguments: [ExemplarReranker.lore, .knn, .gaussian, .mmr])
    func duplicateRows_GetIdenticalScores_AndTieByPosition(_ r: ExemplarReranker) async {
        await propertyCheck(count: 30, input: Gen.uint64(), Gen.int(in: 4...24)) { seed, rows in
            let data = ExemplarTestData(seed: seed, rows: rows, dim: 5, duplicates: rows / 2)
            let m = min(rows, 10)
            let result = try data.rank(Self.options(r, k: m, m: m))
            let scores = try #require(result.scores)
            for a in 0..<m {
                for b in (a + 1)..<m where data.pool.row(result.order[a]) == data.pool.row(result.order[b]) {
                    if r != .mmr { #expect(scores[a] == scores[b]) }
                    #expect(result.order[a] < result.order[b])
                }
            }
        }
    }

    @Test func mmr_OverTheWholePool_IsInvariantToScalingARowByAPowerOfTwo() async {
        await propertyCheck(count: 30, input: Gen.uint64(), Gen.int(in: 3...20), Gen.int(in: -3...3)) { seed, rows, power in
            let data = ExemplarTestData(seed: seed, rows: rows, dim: 4)
            var scaled = data
            let row = Int(seed % UInt64(rows)), factor = Float(sign: .plus, exponent: power, significand: 1)
            for t in 0..<4 { scaled.pool[row, t] *= factor }
            let options = ExemplarOptions(reranker: .mmr, k: rows, m: rows, lambda: 0.7)
            let a = try data.rank(options), b = try scaled.rank(options)
            // The first stage reorders (ip scales), so compare pool indices and their scores.
            #expect(Dictionary(uniqueKeysWithValues: zip(a.order, a.scores ?? [])) == Dictionary(uniqueKeysWithValues: zip(b.order, b.scores ?? [])))
        }
    }

    @Test(arguments: [ExemplarReranker.lore, .knn, .gaussian, .mgs, .mmr])
    func permutingThePool_PermutesTheOutput(_ r: ExemplarReranker) async {
        await propertyCheck(count: 25, input: Gen.uint64(), Gen.int(in: 8...30)) { seed, rows in
            let data = ExemplarTestData(seed: seed, rows: rows, dim: 5)
            let p = SplitMix64.permutation(rows, seed: seed &+ 1)   // new row i = old row p[i]
            var shuffled = data
            shuffled.pool = Matrix(rows: rows, cols: 5, values: p.flatMap { data.pool.row($0) })
            let options = Self.options(r, k: 4, m: 8)
            let a = try data.rank(options), b = try shuffled.rank(options)
            #expect(b.order.map { p[$0] } == a.order)
            #expect(b.scores == a.scores)
        }
    }

    @Test(arguments: ExemplarReranker.allCases)
    func preparedPool_GivesTheSameResultAsTheExactLoop(_ r: ExemplarReranker) async {
        await propertyCheck(count: 30, input: Gen.uint64(), Gen.int(in: 1...60), Gen.int(in: 1...40)) { seed, rows, dim in
            let data = ExemplarTestData(seed: seed, rows: rows, dim: dim, duplicates: rows / 3)
            let pool = try ExemplarPool(data.pool)
            let allowed = seed % 2 == 0 ? nil : (0..<rows).filter { $0 % 7 != 3 }
            let count = allowed?.count ?? rows
            guard count > 0 else { return }
            let options = Self.options(r, k: min(3, count), m: min(r == .mgs ? 8 : 20, count), seed: seed)
            let exact = try ExemplarRanker.rank(query: data.query, pool: data.pool, allowed: allowed, options: options)
            let fast = try ExemplarRanker.rank(query: data.query, pool: pool, allowed: allowed, options: options)
            #expect(fast == exact)
        }
    }
}
