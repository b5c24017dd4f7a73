import Foundation
import JSON
import LinearAlgebra
@testable import Selection
import Testing

/// uot on S read in column blocks (a sharded run's reduce: the kernel streamed from a scratch
/// file in every Sinkhorn round) gives the whole matrix's result bit for bit: masses, order,
/// iterations, stop and quality, whatever the block size (n mod 4 = 1, so the row sums' last
/// column falls in the last block) and the thread count, for each of the three ways to stop.
@Suite struct UOTColumnsTests {
    static let stops: [(String, [String: JSONValue])] = [
        ("converged", [:]),
        ("max_iter", ["max_iter": .int(3), "tol": .double(1e-300)]),
        ("numeric_guard", ["eps": .double(1e-4)]),
    ]

    @Test(arguments: stops, [(1, 1), (5, 3), (7, 2), (4096, 3)])
    func uotOnColumns_GivesTheWholeMatricesResult(stop: (String, [String: JSONValue]), blocks: (columns: Int, workers: Int)) throws {
        var s = ColumnSelectorTests.similarity(m: 6, n: 501, contended: false, seed: 21)
        // A column at S = 0 for every target: its kernel underflows at eps 1e-4 (the guard's case).
        for i in 0..<6 { s.values[i * 501 + 3] = 0 }
        let parameters = Parameters(stop.1)
        let columns = ColumnSelectorTests.Columns(s, blockColumns: blocks.columns)
        var streamed = try UOTSelector.select(columns: columns, budget: .count(120), parameters: parameters,
                                              directory: NSTemporaryDirectory(), workers: blocks.workers, control: .none)
        streamed.setQuality(try SelectionQuality.measure(columns: columns, order: streamed.order))
        var input = SelectionInput(checkpoints: [SelectionCheckpoint(
            candidates: ShapeOnlyRowSource(rowCount: 501, dim: 1), targets: Matrix(rows: 6, cols: 1, values: [Float](repeating: 1, count: 6)))])
        input.mapped = MappedCandidates(similarity: s)
        let whole = try UOTSelector.selectAndMeasure(input, budget: .count(120), parameters: parameters, seed: nil, control: .none)
        #expect(whole.diagnostic("stop") == .string(stop.0))
        #expect(streamed == whole)
        #expect(streamed.order.count == 120)
    }
}
