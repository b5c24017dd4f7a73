import JSON
import Testing
import PropertyBased
import LinearAlgebra
@testable import Selection

@Suite struct TAROTPropertyTests {
    static func run(
        _ candidates: Matrix, _ targets: Matrix, budget: Budget?, blockRows: Int = 4096,
        parameters: [String: JSONValue] = [:], seed: UInt64? = nil
    ) throws -> SelectionResult {
        try TAROTSelector.select(
            SelectionInput(candidates: candidates, targets: targets, blockRows: blockRows), budget: budget,
            parameters: Parameters(parameters), seed: seed, control: .none)
    }

    @Test func fixedSize_SelectsExactlyTheBudget_Ascending_WithAlignedWeights() async throws {
        await propertyCheck(count: 30, input: Gen.int(in: 0...1_000_000), Gen.int(in: 8...40)) { seed, n in
            var random = RandomRows(seed: UInt64(seed))
            let (c, t) = (random.matrix(rows: n, cols: 3), random.matrix(rows: 4, cols: 3))
            let k = seed % (n + 1)
            let result = try Self.run(c, t, budget: .count(k))
            #expect(result.order.count == k)
            #expect(result.order == result.order.sorted())
            #expect(Set(result.order).count == k)
            #expect(result.weights?.count == k)
            #expect(result.diagnostic("mode")?.stringValue == "fixed_size")
        }
    }

    @Test func otm_SelectsADistinctAscendingSet_WhoseRatioMatches() async throws {
        await propertyCheck(count: 20, input: Gen.int(in: 0...1_000_000), Gen.int(in: 8...40)) { seed, n in
            var random = RandomRows(seed: UInt64(seed))
            let (c, t) = (random.matrix(rows: n, cols: 3), random.matrix(rows: 5, cols: 3))
            let result = try Self.run(c, t, budget: nil)
            #expect(result.order == Array(Set(result.order)).sorted())
            #expect(result.diagnostic("ratio")?.doubleValue == Double(result.order.count) / Double(n))
            #expect(result.diagnostic("folds")?.arrayValue?.count == 5)
        }
    }

    @Test func sameSeed_GivesTheSameResult_AndAnyBlockSizeTheSameBits() async throws {
        await propertyCheck(count: 20, input: Gen.int(in: 0...1_000_000), Gen.int(in: 8...40), Gen.int(in: 1...9)) { seed, n, block in
            var random = RandomRows(seed: UInt64(seed))
            let (c, t) = (random.matrix(rows: n, cols: 4), random.matrix(rows: 6, cols: 4))
            let a = try Self.run(c, t, budget: nil, seed: UInt64(seed))
            let b = try Self.run(c, t, budget: nil, blockRows: block, seed: UInt64(seed))
            #expect(a == b)
        }
    }

    /// Duplicates in different whitening tiles (256 rows each) and at different offsets inside
    /// one, streamed in blocks of 1, 7 and N, get bit-identical features, scores, inner products
    /// and potentials, and the results do not depend on the block size.
    @Test func duplicateCandidates_AcrossWhiteningTiles_GetBitIdenticalFeatures_InAnyBlockSize() async throws {
        await propertyCheck(count: 4, input: Gen.int(in: 0...1_000_000), Gen.int(in: 2...13)) { seed, d in
            let n = 600 + seed % 200
            let copies = [3, 255, 256, 257, 511, 512, n - 1]
            var random = RandomRows(seed: UInt64(seed))
            let (c, t) = random.duplicateRowsCase(candidates: n, targets: 20, cols: d, copies: copies)
            let whole = try Self.run(c, t, budget: .count(n), blockRows: n)
            for block in [1, 7] {
                #expect(try Self.run(c, t, budget: .count(n), blockRows: block) == whole)
            }
            let potentials = whole.weights ?? []
            let features = try TAROTFeatures(SelectionInput(candidates: c, targets: t, blockRows: 7), weights: [1], ridge: 1e-5, pool: WorkerPool(width: 1), control: .none)
            let (w, m) = (features.width, features.m)
            for j in copies {
                #expect(potentials[j].bitPattern == potentials[0].bitPattern, "potential \(j) vs potential 0")
                #expect(Array(features.candidateRows[j * w..<(j + 1) * w]) == Array(features.candidateRows[0..<w]))
                #expect(Array(features.inner[j * m..<(j + 1) * m]) == Array(features.inner[0..<m]))
                #expect((0..<m).allSatisfy { features.score(candidate: j, target: $0) == features.score(candidate: 0, target: $0) })
            }
        }
    }

    @Test func permutingCandidates_PermutesTheSelectedSet() async throws {
        await propertyCheck(count: 20, input: Gen.int(in: 0...1_000_000), Gen.int(in: 8...30)) { seed, n in
            var random = RandomRows(seed: UInt64(seed))
            let (c, t) = (random.matrix(rows: n, cols: 3), random.matrix(rows: 4, cols: 3))
            let perm = SplitMix64.permutation(n, seed: UInt64(seed))
            let base = try Self.run(c, t, budget: .count(n / 3))
            let permuted = try Self.run(c.permutedRows(perm), t, budget: .count(n / 3))
            #expect(permuted.order.map { perm[$0] }.sorted() == base.order)
        }
    }

    @Test func kEqualsN_SelectsEveryCandidate() throws {
        var random = RandomRows(seed: 5)
        let result = try Self.run(random.matrix(rows: 12, cols: 3), random.matrix(rows: 3, cols: 3), budget: .count(12))
        #expect(result.order == Array(0..<12))
    }

    @Test func kZero_SelectsNothing_WithNoWeights() throws {
        var random = RandomRows(seed: 6)
        let result = try Self.run(random.matrix(rows: 12, cols: 3), random.matrix(rows: 3, cols: 3), budget: .count(0))
        #expect(result.order.isEmpty)
        #expect(result.weights == [])
    }

    @Test func shortNeighbourLists_WarnThatTheyAreExhausted() throws {
        var random = RandomRows(seed: 7)
        let result = try Self.run(
            random.matrix(rows: 30, cols: 2), random.matrix(rows: 2, cols: 2), budget: .count(10), parameters: ["max_neighbors": .int(1)])
        #expect(result.order.count <= 2)
        #expect(result.warnings.contains { $0.contains("exhausted") })
    }

    @Test func singleTarget_MakesOneFoldThatProposesAndEvaluates() throws {
        var random = RandomRows(seed: 8)
        let result = try Self.run(random.matrix(rows: 20, cols: 2), random.matrix(rows: 1, cols: 2), budget: nil)
        let folds = result.diagnostic("folds")?.arrayValue ?? []
        #expect(folds.count == 1)
        #expect(folds.first?["proposers"]?.intArray == [0])
    }

    @Test func fewRowsForTheDimension_Warn() throws {
        var random = RandomRows(seed: 9)
        let result = try Self.run(random.matrix(rows: 20, cols: 4), random.matrix(rows: 5, cols: 4), budget: .count(5))
        #expect(result.warnings.count == 1)
    }
}
