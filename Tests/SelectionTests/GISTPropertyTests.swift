import JSON
import Testing
import PropertyBased
import LinearAlgebra
@testable import Selection

@Suite struct GISTPropertyTests {
    static func run(_ candidates: Matrix, _ targets: Matrix, k: Int, blockRows: Int = 4096, parameters: [String: JSONValue] = [:]) throws -> SelectionResult {
        try GISTSelector.select(
            SelectionInput(candidates: candidates, targets: targets, blockRows: blockRows), budget: .count(k),
            parameters: Parameters(parameters), seed: nil, control: .none)
    }

    static func scores(_ result: SelectionResult) -> [Double] { result.diagnostic("all_scores")?.doubleArray ?? [] }

    @Test func order_HasExactlyKDistinctCandidates_AndIsPrefixStable() async throws {
        await propertyCheck(count: 40, input: Gen.int(in: 0...1_000_000), Gen.int(in: 1...30)) { seed, n in
            var random = RandomRows(seed: UInt64(seed))
            let (c, t) = (random.matrix(rows: n, cols: 6), random.matrix(rows: 4, cols: 6))
            let full = try Self.run(c, t, k: n)
            let k = n / 2
            let part = try Self.run(c, t, k: k)
            #expect(part.order.count == k)
            #expect(Set(full.order).count == n)
            #expect(Array(full.order.prefix(k)) == part.order)
        }
    }

    @Test func scores_AreInvariant_ToScalingACandidateByAPowerOfTwo() async throws {
        await propertyCheck(count: 40, input: Gen.int(in: 0...1_000_000), Gen.int(in: 2...25)) { seed, n in
            var random = RandomRows(seed: UInt64(seed))
            let (c, t) = (random.matrix(rows: n, cols: 5), random.matrix(rows: 3, cols: 5))
            let row = seed % n
            let base = Self.scores(try Self.run(c, t, k: n))
            let scaled = Self.scores(try Self.run(c.scalingRow(row, by: 8), t, k: n))
            #expect(base == scaled)
        }
    }

    @Test func permutingCandidates_PermutesTheOrder() async throws {
        await propertyCheck(count: 40, input: Gen.int(in: 0...1_000_000), Gen.int(in: 2...25)) { seed, n in
            var random = RandomRows(seed: UInt64(seed))
            let (c, t) = (random.matrix(rows: n, cols: 7), random.matrix(rows: 3, cols: 7))
            let base = try Self.run(c, t, k: n)
            guard Set(Self.scores(base)).count == n else { return }   // ties resolve by index: skip them
            let perm = SplitMix64.permutation(n, seed: UInt64(seed))
            let permuted = try Self.run(c.permutedRows(perm), t, k: n)
            #expect(permuted.order.map { perm[$0] } == base.order)
        }
    }

    @Test func identicalRows_ScoreBitIdentically_InAnyBlock() async throws {
        await propertyCheck(count: 40, input: Gen.int(in: 0...1_000_000), Gen.int(in: 3...40), Gen.int(in: 1...9)) { seed, n, block in
            var random = RandomRows(seed: UInt64(seed))
            let t = random.matrix(rows: 5, cols: 9)
            let c = random.matrix(rows: n, cols: 9).copyingRow(0, to: n - 1)
            let whole = try Self.run(c, t, k: n)
            let blocked = try Self.run(c, t, k: n, blockRows: block)
            let s = Self.scores(blocked)
            #expect(s[0] == s[n - 1])
            #expect(blocked == whole)
        }
    }

    /// Duplicates in different projection tiles (1024 rows each) and at different offsets inside
    /// one, streamed in blocks of 1, 7 and N, score bit-identically and give identical results.
    @Test func duplicateCandidates_AcrossProjectionTiles_ScoreBitIdentically_InAnyBlockSize() async throws {
        await propertyCheck(count: 4, input: Gen.int(in: 0...1_000_000), Gen.int(in: 3...37)) { seed, d in
            let n = 1100 + seed % 300
            let copies = [3, 64, 65, 1023, 1024, n - 1]
            var random = RandomRows(seed: UInt64(seed))
            let (c, t) = random.duplicateRowsCase(candidates: n, targets: 20, cols: d, copies: copies)
            let parameters: [String: JSONValue] = ["rank": .int(16)]
            let whole = try Self.run(c, t, k: n, blockRows: n, parameters: parameters)
            for block in [1, 7] {
                #expect(try Self.run(c, t, k: n, blockRows: block, parameters: parameters) == whole)
            }
            let s = Self.scores(whole)
            for j in copies { #expect(s[j].bitPattern == s[0].bitPattern, "score \(j) vs score 0") }
        }
    }

    @Test func projectionsBelowTheCutoff_ScoreExactlyZero() throws {
        // Targets span the first two axes; candidate 1 is orthogonal to them, candidate 2 is zero.
        let t = matrixOf([[1, 0, 0], [0, 2, 0]])
        let c = matrixOf([[1, 1, 0], [0, 0, 3], [0, 0, 0]])
        let result = try Self.run(c, t, k: 3)
        #expect(Self.scores(result)[1] == 0)
        #expect(Self.scores(result)[2] == 0)
        #expect(result.order == [0, 1, 2])
    }

    @Test func energy_ChoosesTheSmallestRankReachingIt() throws {
        // Singular values 3, 2, 1 along the axes: energies 9/14, 13/14, 1.
        let t = matrixOf([[3, 0, 0], [0, 2, 0], [0, 0, 1]])
        let c = matrixOf([[1, 1, 1]])
        let result = try Self.run(c, t, k: 1, parameters: ["energy": .double(0.9)])
        #expect(result.diagnostic("rank_used")?.intArray == [2])
        #expect(abs((result.diagnostic("energy_captured")?.doubleArray?[0] ?? 0) - 13.0 / 14.0) < 1e-12)
    }

    @Test func zeroValidationRow_IsDroppedFromEachTargets() throws {
        let t = matrixOf([[1, 0], [0, 0], [0, 1]])
        let c = matrixOf([[1, 1]])
        let result = try Self.run(c, t, k: 1)
        #expect(result.diagnostic("n_targets")?.intValue == 2)
    }
}
