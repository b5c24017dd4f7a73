import LinearAlgebra
import Selection

/// Small random selection inputs drawn from a seed, for property tests.
struct SyntheticInput {
    var candidates: Matrix
    var targets: Matrix

    /// N x d candidates and M x d targets with entries uniform in [-1, 1) (float32).
    init(seed: UInt64, n: Int, m: Int, d: Int) {
        var g = SplitMix64(seed: seed)
        candidates = Self.uniform(rows: n, cols: d, using: &g)
        targets = Self.uniform(rows: m, cols: d, using: &g)
    }

    static func uniform(rows: Int, cols: Int, using g: inout SplitMix64) -> Matrix {
        let values = (0..<(rows * cols)).map { _ in Float(Double(g.next() >> 11) / Double(1 << 53) * 2 - 1) }
        return Matrix(rows: rows, cols: cols, values: values)
    }

    func input(blockRows: Int = 4096, workers: Int = 1) -> SelectionInput {
        SelectionInput(candidates: candidates, targets: targets, blockRows: blockRows, workers: workers)
    }

    /// Candidate `row` multiplied by `factor` (a power of two keeps the normalised row exact).
    func scalingCandidate(_ row: Int, by factor: Float) -> SyntheticInput {
        var copy = self
        for c in 0..<candidates.cols { copy.candidates[row, c] *= factor }
        return copy
    }

    /// Candidates reordered so that new row `r` is old row `permutation[r]`.
    func permutingCandidates(_ permutation: [Int]) -> SyntheticInput {
        var copy = self
        copy.candidates = Matrix(rows: candidates.rows, cols: candidates.cols, values: permutation.flatMap { candidates.row($0) })
        return copy
    }

    /// Candidate `source` copied over candidate `destination`.
    func duplicatingCandidate(_ source: Int, onto destination: Int) -> SyntheticInput {
        var copy = self
        for c in 0..<candidates.cols { copy.candidates[destination, c] = candidates[source, c] }
        return copy
    }
}
