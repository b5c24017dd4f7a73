import LinearAlgebra
@testable import Selection
import Testing

/// The coverage figures of consecutive column ranges, each computed over its own columns and
/// merged in column order (a Ray job's Sinkhorn blocks), equal the whole matrix's, nearest
/// selected candidates included, with ties everywhere (values on an eighth grid, equal columns
/// in different ranges).
@Suite struct SelectionCoverageMergeTests {
    @Test(arguments: [[50], [1, 2, 3], [10, 40, 90], [99]])
    func mergedRanges_GiveTheWholeMatrixsFigures(cuts: [Int]) {
        let (m, n) = (7, 100)
        var rng = SplitMix64(seed: 5)
        var values = (0..<(m * n)).map { _ in Double(rng.uniform(below: 9)) / 8 }
        for i in 0..<m { values[i * n + 95] = values[i * n + 2] }
        let s = SimilarityMatrix(targetCount: m, candidateCount: n, values: values)
        let selected = [95, 2, 40, 41, 3, 77, 10]
        let whole = SelectionCoverage(similarity: s, selected: selected)
        let bounds = [0] + cuts + [n]
        let parts = zip(bounds, bounds.dropFirst()).map { lo, hi in
            let columns = (0..<m).flatMap { i in values[(i * n + lo)..<(i * n + hi)] }
            var figures = SelectionCoverage.Accumulator(targets: m, candidates: hi - lo, selected: selected.filter { (lo..<hi).contains($0) }.map { $0 - lo })
            columns.withUnsafeBufferPointer { figures.add(start: 0, count: hi - lo, rows: $0) }
            return figures.figures
        }
        #expect(SelectionCoverage.merged(parts, firstColumns: Array(bounds.dropLast())) == whole)
    }
}
