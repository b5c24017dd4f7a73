import JSON
import LinearAlgebra
@testable import Selection
import Testing

/// The column selectors (round_robin, less and its forms, knn_uniform) and the quality figures on
/// S read in column blocks (a sharded run's reduce) give what they give on the whole S, whatever
/// the block size; round_robin also when the targets contend for the same candidates so that
/// queues run out of their first lists and are re-requested.
@Suite struct ColumnSelectorTests {
    /// S served in blocks of `blockColumns`, counting the passes over it.
    final class Columns: SimilarityColumns, @unchecked Sendable {
        let s: SimilarityMatrix
        let blockColumns: Int
        var passes = 0

        init(_ s: SimilarityMatrix, blockColumns: Int) {
            self.s = s
            self.blockColumns = blockColumns
        }

        var targetCount: Int { s.targetCount }
        var candidateCount: Int { s.candidateCount }

        func forEachBlock(targets: [Int], _ body: (Int, Int, UnsafeBufferPointer<Double>) throws -> Void) throws {
            passes += 1
            var start = 0
            while start < candidateCount {
                let count = min(blockColumns, candidateCount - start)
                let rows = targets.flatMap { i in (start..<(start + count)).map { s[i, $0] } }
                try rows.withUnsafeBufferPointer { try body(start, count, $0) }
                start += count
            }
        }
    }

    /// S with values rounded to a coarse grid, so that rows hold ties; `contended`: every target
    /// has the same row.
    static func similarity(m: Int, n: Int, contended: Bool, seed: UInt64) -> SimilarityMatrix {
        var rng = SplitMix64(seed: seed)
        let row = (0..<n).map { _ in Double(rng.uniform(below: 65)) / 64 }
        let values = (0..<m).flatMap { _ in contended ? row : (0..<n).map { _ in Double(rng.uniform(below: 65)) / 64 } }
        return SimilarityMatrix(targetCount: m, candidateCount: n, values: values)
    }

    func local(_ s: SimilarityMatrix, k: Int, selector: any Selector.Type = RoundRobinSelector.self, parameters: Parameters = Parameters()) throws -> SelectionResult {
        var input = SelectionInput(checkpoints: [SelectionCheckpoint(
            candidates: ShapeOnlyRowSource(rowCount: s.candidateCount, dim: 1), targets: Matrix(rows: s.targetCount, cols: 1, values: [Float](repeating: 1, count: s.targetCount)))])
        input.mapped = MappedCandidates(similarity: s)
        var result = try selector.select(input, budget: .count(k), parameters: parameters, seed: nil, control: .none)
        result.similarity = nil
        return result
    }

    static let methods: [(String, [String: JSONValue])] = [
        ("less", [:]), ("less", ["groups": .int(3)]), ("less", ["groups": .array([.int(1), .int(0), .int(1), .int(2), .int(0), .int(1)])]),
        ("doubly_greedy", [:]), ("mean_topk", [:]), ("knn_uniform", [:]), ("knn_uniform", ["L": .int(40)]), ("knn_uniform", ["L": .int(1)]),
    ]

    @Test(arguments: methods, [1, 5, 4096])
    func columnSelector_GivesTheWholeMatricesResultAndQuality(method: (String, [String: JSONValue]), blockColumns: Int) throws {
        let s = Self.similarity(m: 6, n: 501, contended: false, seed: 11)
        let selector = try #require(SelectionEngine.selector(named: method.0) as? any ColumnSelector.Type)
        let columns = Columns(s, blockColumns: blockColumns)
        let parameters = Parameters(method.1)
        let streamed = try selector.selectAndMeasure(columns: columns, budget: .count(120), parameters: parameters, control: .none)
        var input = SelectionInput(checkpoints: [SelectionCheckpoint(
            candidates: ShapeOnlyRowSource(rowCount: s.candidateCount, dim: 1), targets: Matrix(rows: 6, cols: 1, values: [Float](repeating: 1, count: 6)))])
        input.mapped = MappedCandidates(similarity: s)
        let whole = try selector.selectAndMeasure(input, budget: .count(120), parameters: parameters, seed: nil, control: .none)
        #expect(streamed == whole)
        #expect(streamed.order.count == 120)
    }

    @Test(arguments: [(false, 1), (false, 7), (true, 7), (true, 4096)], [0, 1, 40, 300, 997])
    func columns_GiveTheWholeMatricesPicksAndQuality(contended: (Bool, Int), k: Int) throws {
        let s = Self.similarity(m: 5, n: 997, contended: contended.0, seed: 3)
        let columns = Columns(s, blockColumns: contended.1)
        let streamed = try RoundRobinSelector.select(columns: columns, budget: .count(k), parameters: Parameters(), control: .none)
        let whole = try local(s, k: k)
        #expect(streamed == whole)
        #expect(try SelectionQuality.measure(columns: columns, order: streamed.order) == SelectionQuality.measure(s, order: whole.order))
    }

    @Test func contendedTargets_AreReRequested_AndStillPickAsOnTheWholeMatrix() throws {
        let s = Self.similarity(m: 6, n: 2000, contended: true, seed: 5)
        let columns = Columns(s, blockColumns: 300)
        let streamed = try RoundRobinSelector.select(columns: columns, budget: .count(900), parameters: Parameters(), control: .none)
        // One pass for the first lists, then one per list that ran out.
        #expect(columns.passes > 1)
        #expect(streamed == (try local(s, k: 900)))
    }

    @Test func moreTargetsThanCandidates_LeaveTheLaterTargetsWithoutATurn() throws {
        let s = Self.similarity(m: 9, n: 4, contended: false, seed: 8)
        let streamed = try RoundRobinSelector.select(columns: Columns(s, blockColumns: 3), budget: .count(4), parameters: Parameters(), control: .none)
        #expect(streamed == (try local(s, k: 4)))
        #expect(streamed.pickedBy == [0, 1, 2, 3])
    }
}
