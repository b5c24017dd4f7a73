import JSON
import LinearAlgebra
@testable import Selection
import Testing

/// Per-target top lists ranked over row ranges (a sharded run's list map steps) and merged on the
/// driver answer `topLists` and `coverage` exactly as a pass over the whole S does, or ask for
/// deeper lists; round_robin and knn_uniform on them pick, score and measure as on the whole S.
@Suite struct MergedTopListsTests {
    /// The list map step's ranking of `s`'s columns `range` (fed in blocks of 7 columns).
    static func ranked(_ s: SimilarityMatrix, range: Range<Int>, length: Int, byDistance: Bool) throws -> RangeTopLists {
        var lists = TopListAccumulator(targetCount: s.targetCount, length: length, byDistance: byDistance, measuresColumns: true)
        for start in stride(from: range.lowerBound, to: range.upperBound, by: 7) {
            let count = min(7, range.upperBound - start)
            let rows = (0..<s.targetCount).flatMap { i in (start..<(start + count)).map { s[i, $0] } }
            rows.withUnsafeBufferPointer { lists.add(start: start, count: count, rows: $0) }
        }
        return try RangeTopLists(lists, rowOffset: range.lowerBound, rowCount: range.count)
    }

    static func merged(_ s: SimilarityMatrix, rangeRows: Int, length: Int, byDistance: Bool) throws -> MergedTopLists {
        let n = s.candidateCount
        // In reverse: the merge must not depend on the order the steps finished in.
        let ranges = try stride(from: 0, to: n, by: rangeRows).reversed().map {
            try ranked(s, range: $0..<min($0 + rangeRows, n), length: length, byDistance: byDistance)
        }
        return try MergedTopLists(ranges: ranges, targetCount: s.targetCount, candidateCount: n, byDistance: byDistance)
    }

    /// `selector` with its quality on merged lists, asking for lists twice as deep (at least) as
    /// long as they do not answer, as the driver does; with the number of rounds.
    static func onLists(_ s: SimilarityMatrix, rangeRows: Int, selector: any TopListSelector.Type, k: Int, parameters: Parameters = Parameters()) throws -> (SelectionResult, rounds: Int) {
        var length = try selector.initialListLength(budget: .count(k), parameters: parameters, targetCount: s.targetCount, candidateCount: s.candidateCount)
        var rounds = 1
        while true {
            let lists = try merged(s, rangeRows: rangeRows, length: length, byDistance: selector.ranksByDistance)
            do {
                return (try selector.selectAndMeasure(columns: lists, budget: .count(k), parameters: parameters, control: .none), rounds)
            } catch let deeper as DeeperListsNeeded {
                #expect(deeper.length > 0)
                length = max(deeper.length, 2 * length)
                rounds += 1
            }
        }
    }

    static func whole(_ s: SimilarityMatrix, selector: any Selector.Type, k: Int, parameters: Parameters = Parameters()) throws -> SelectionResult {
        var input = SelectionInput(checkpoints: [SelectionCheckpoint(
            candidates: ShapeOnlyRowSource(rowCount: s.candidateCount, dim: 1),
            targets: Matrix(rows: s.targetCount, cols: 1, values: [Float](repeating: 1, count: s.targetCount)))])
        input.mapped = MappedCandidates(similarity: s)
        return try selector.selectAndMeasure(input, budget: .count(k), parameters: parameters, seed: nil, control: .none)
    }

    @Test(arguments: [1, 3, 64, 1000, 4096], [false, true])
    func mergedLists_AreTheWholeRowsTopLists_ForAnyRangeRows(rangeRows: Int, byDistance: Bool) throws {
        let s = ColumnSelectorTests.similarity(m: 5, n: 997, contended: false, seed: 2)
        let whole = ColumnSelectorTests.Columns(s, blockColumns: 997)
        for length in [1, 10, 200] {
            let lists = try Self.merged(s, rangeRows: rangeRows, length: length, byDistance: byDistance)
            let got = try lists.topLists(targets: [4, 0, 2], length: length, byDistance: byDistance)
            let expected = try whole.topLists(targets: [4, 0, 2], length: length, byDistance: byDistance)
            #expect(got.map { $0.map(\.index) } == expected.map { $0.map(\.index) })
            #expect(got.map { $0.map(\.score) } == expected.map { $0.map(\.score) })
        }
    }

    @Test func equalScores_GoToTheLowerIndex_AcrossRanges() throws {
        let s = SimilarityMatrix(targetCount: 2, candidateCount: 10, values: [Double](repeating: 0.5, count: 20))
        let lists = try Self.merged(s, rangeRows: 3, length: 2, byDistance: false)
        #expect(try lists.topLists(targets: [0, 1], length: 2, byDistance: false).map { $0.map(\.index) } == [[0, 1], [0, 1]])
    }

    @Test func aListRunningOut_AsksForDeeperLists_UnlessItHoldsEveryRow() throws {
        let s = ColumnSelectorTests.similarity(m: 3, n: 50, contended: false, seed: 4)
        let lists = try Self.merged(s, rangeRows: 10, length: 2, byDistance: false)
        // Each range gave 2, so only 2 are certain for every target.
        #expect(try lists.topLists(targets: [0, 1, 2], length: 2, byDistance: false).allSatisfy { $0.count == 2 })
        #expect(throws: DeeperListsNeeded.self) { try lists.topLists(targets: [0], length: 21, byDistance: false) }
        do {
            _ = try lists.topLists(targets: [0], length: 21, byDistance: false)
        } catch let deeper as DeeperListsNeeded {
            #expect(deeper.length == 21)
        }
        // Lists as long as the ranges hold every row: any length is answered.
        let full = try Self.merged(s, rangeRows: 10, length: 10, byDistance: false)
        let all = try full.topLists(targets: [1], length: 50, byDistance: false)[0]
        let expected = try ColumnSelectorTests.Columns(s, blockColumns: 50).topLists(targets: [1], length: 50, byDistance: false)[0]
        #expect(all.map(\.index) == expected.map(\.index) && all.map(\.score) == expected.map(\.score))
    }

    @Test(arguments: [(false, 300, 900), (true, 300, 900), (true, 2000, 900), (false, 1, 4), (true, 64, 40)])
    func roundRobin_OnMergedLists_PicksAndMeasuresAsOnTheWholeMatrix(contended: Bool, rangeRows: Int, k: Int) throws {
        let s = rangeRows == 1 ? ColumnSelectorTests.similarity(m: 9, n: 4, contended: false, seed: 8)
            : ColumnSelectorTests.similarity(m: 6, n: 2000, contended: contended, seed: 5)
        let (result, rounds) = try Self.onLists(s, rangeRows: rangeRows, selector: RoundRobinSelector.self, k: k)
        var expected = try Self.whole(s, selector: RoundRobinSelector.self, k: k)
        expected.similarity = nil
        #expect(result == expected)
        // One range: the merged lists are exactly as long as asked, and contended queues run out of them.
        if contended, rangeRows >= s.candidateCount { #expect(rounds > 1) }
    }

    @Test(arguments: [["L": JSONValue.int(40)], ["L": .int(1)], [:]], [3, 500])
    func knnUniform_OnMergedLists_PicksAndMeasuresAsOnTheWholeMatrix(parameters: [String: JSONValue], rangeRows: Int) throws {
        let s = ColumnSelectorTests.similarity(m: 6, n: 1501, contended: false, seed: 12)
        let (result, _) = try Self.onLists(s, rangeRows: rangeRows, selector: KNNUniformSelector.self, k: 120, parameters: Parameters(parameters))
        var expected = try Self.whole(s, selector: KNNUniformSelector.self, k: 120, parameters: Parameters(parameters))
        expected.similarity = nil
        #expect(result == expected)
    }
}
