import LinearAlgebra
import PropertyBased
import Selection
import Testing

@Suite struct SimilarityMatrixTests {
    /// The cosine of two float32 rows computed in float64 (a reference within float32 rounding).
    static func cosine(_ a: [Float], _ b: [Float]) -> Double {
        let na = a.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
        let nb = b.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
        let dot = zip(a, b).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        return dot / (max(na, 1e-12) * max(nb, 1e-12))
    }

    @Test func entries_AreTheCosines_OfTargetAndCandidateRows() throws {
        let data = SyntheticInput(seed: 5, n: 70, m: 4, d: 13)
        let s = try SimilarityMatrix.compute(data.input(), weights: [1])
        for i in 0..<4 {
            for j in 0..<70 {
                let want = Self.cosine(data.targets.row(i), data.candidates.row(j))
                #expect(abs(s[i, j] - want) <= 1e-5, "S[\(i), \(j)]")
            }
        }
    }

    @Test func zeroRows_HaveSimilarityExactlyZero() throws {
        var data = SyntheticInput(seed: 6, n: 10, m: 3, d: 4)
        for c in 0..<4 { data.candidates[2, c] = 0; data.targets[1, c] = 0 }
        let s = try SimilarityMatrix.compute(data.input(), weights: [1])
        #expect((0..<3).allSatisfy { s[$0, 2] == 0 })
        #expect((0..<10).allSatisfy { s[1, $0] == 0 })
    }

    /// Duplicates placed in different tiles, at different offsets inside a tile, and streamed in
    /// blocks that split them differently, still get bit-identical columns.
    @Test func duplicateCandidates_GetBitIdenticalColumns_InAnyPositionAndBlock() async {
        // M >= 8 and d >= 8 matter: below that OpenBLAS happens to round every row alike, above
        // it rows 64, 65 and 1023 of a tile round differently (bench/README-sel-perf.md).
        await propertyCheck(count: 8, input: Gen.int(in: 0...1_000_000), Gen.int(in: 1...37), Gen.int(in: 1...40)) { seed, blockRows, d in
            let n = 1100 + seed % 300
            let m = 5 + seed % 20
            var data = SyntheticInput(seed: UInt64(seed), n: n, m: m, d: d)
            let copies = [3, 64, 65, 1023, 1024, n - 1]
            for j in copies { data = data.duplicatingCandidate(0, onto: j) }
            let s = try SimilarityMatrix.compute(data.input(blockRows: blockRows), weights: [1])
            for i in 0..<m {
                for j in copies { #expect(s[i, j].bitPattern == s[i, 0].bitPattern, "S[\(i), \(j)] vs S[\(i), 0]") }
            }
        }
    }

    @Test func duplicateCandidates_TieExactly_AtTheProductionShape() throws {
        var data = SyntheticInput(seed: 11, n: 2100, m: 200, d: 64)
        let copies = [64, 65, 1023, 1024, 2047, 2099]
        for j in copies { data = data.duplicatingCandidate(7, onto: j) }
        let s = try SimilarityMatrix.compute(data.input(blockRows: 500), weights: [1])
        for i in 0..<200 {
            for j in copies { #expect(s[i, j].bitPattern == s[i, 7].bitPattern, "S[\(i), \(j)] vs S[\(i), 7]") }
        }
    }

    /// Tiles lying inside one source block are multiplied where they lie, the others gathered
    /// into a buffer first (and the last padded): both routes give the same bits.
    @Test func tilesMultipliedInPlace_AndGathered_GiveBitIdenticalSimilarities() throws {
        let data = SyntheticInput(seed: 21, n: 2500, m: 12, d: 24)
        let inPlace = try SimilarityMatrix.compute(data.input(blockRows: 2048), weights: [1])
        for blockRows in [7, 1000, 2500] {
            #expect(try SimilarityMatrix.compute(data.input(blockRows: blockRows), weights: [1]) == inPlace, "blocks of \(blockRows)")
        }
    }

    @Test func checkpoints_AreSummedWithTheirNormalisedWeights() throws {
        let a = SyntheticInput(seed: 1, n: 20, m: 3, d: 5)
        let b = SyntheticInput(seed: 2, n: 20, m: 3, d: 8)
        let input = SelectionInput(checkpoints: [
            SelectionCheckpoint(label: "a", weight: 3, candidates: MatrixRowSource(a.candidates), targets: a.targets),
            SelectionCheckpoint(label: "b", weight: 1, candidates: MatrixRowSource(b.candidates), targets: b.targets),
        ])
        let weights = try input.validate()
        #expect(weights == [0.75, 0.25])
        let s = try SimilarityMatrix.compute(input, weights: weights)
        let sa = try SimilarityMatrix.compute(a.input(), weights: [1])
        let sb = try SimilarityMatrix.compute(b.input(), weights: [1])
        for x in 0..<s.values.count {
            #expect(s.values[x] == 0.75 * sa.values[x] + 0.25 * sb.values[x])
        }
    }

    /// One checkpoint of weight 1 writes S directly; it must hold the bits of the float32 cosines
    /// added to zero (as with a second checkpoint of weight 0), on zero rows, a row orthogonal to
    /// a target, its negation and a repeated zero row included.
    @Test func oneCheckpoint_WritesTheBitsOfTheWeightedSum() throws {
        var data = SyntheticInput(seed: 31, n: 1500, m: 9, d: 16)
        for c in 0..<16 { data.candidates[4, c] = 0; data.candidates[1100, c] = 0 }
        for c in 0..<16 { data.candidates[5, c] = c < 8 ? 0 : data.candidates[5, c]; data.targets[2, c] = c < 8 ? data.targets[2, c] : 0 }
        for c in 0..<16 { data.candidates[6, c] = -data.candidates[5, c] }
        data = data.duplicatingCandidate(4, onto: 1400)
        let single = try SimilarityMatrix.compute(data.input(blockRows: 700), weights: [1])
        let twice = SelectionInput(checkpoints: [
            SelectionCheckpoint(label: "a", weight: 1, candidates: MatrixRowSource(data.candidates), targets: data.targets),
            SelectionCheckpoint(label: "b", weight: 1, candidates: MatrixRowSource(data.candidates), targets: data.targets),
        ], blockRows: 700)
        let summed = try SimilarityMatrix.compute(twice, weights: [1, 0])
        #expect(single.values.map(\.bitPattern) == summed.values.map(\.bitPattern))
        #expect(single[2, 5].bitPattern == 0 && single[2, 6].bitPattern == 0)
        #expect((0..<9).allSatisfy { single[$0, 4].bitPattern == 0 && single[$0, 1400].bitPattern == 0 })
    }

    @Test func nonFiniteCandidate_IsRejected_NamingCandidates() {
        var data = SyntheticInput(seed: 3, n: 9, m: 2, d: 3)
        data.candidates[7, 1] = .nan
        let error = selectionError { _ = try SimilarityMatrix.compute(data.input(blockRows: 4), weights: [1]) }
        #expect(error?.code == .nonFiniteInput)
        #expect(error?.parameter == "candidates")
    }

    @Test func progress_ReachesEveryRowOfEveryCheckpoint() throws {
        let data = SyntheticInput(seed: 4, n: 23, m: 2, d: 3)
        let log = ProgressLog()
        let control = SelectionControl(progress: { stage, done, total in log.record(stage, done, total) })
        _ = try SimilarityMatrix.compute(data.input(blockRows: 5), weights: [1], control: control)
        let similarity = log.entries.filter { $0.stage == SimilarityMatrix.progressStage }
        #expect(similarity.count == 5)
        #expect(similarity.last?.done == 23)
        #expect(similarity.allSatisfy { $0.total == 23 })
        #expect(similarity.map(\.done) == similarity.map(\.done).sorted())
    }

    @Test func cancelledControl_StopsTheStream() {
        let data = SyntheticInput(seed: 4, n: 23, m: 2, d: 3)
        let error = selectionError {
            _ = try SimilarityMatrix.compute(data.input(blockRows: 5), weights: [1], control: SelectionControl(isCancelled: { true }))
        }
        #expect(error?.code == .cancelled)
    }
}
