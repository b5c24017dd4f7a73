import LinearAlgebra

/// S (M x N float64, selection.md §2) read in blocks of candidate columns, for a sharded run's
/// reduce that never holds the whole matrix (docs/scaling.md): every value must be the one
/// `SimilarityMatrix.compute` gives at that place, bit for bit. A reduce that holds only merged
/// per-target top lists (`MergedTopLists`) serves `topLists` and `coverage` from them instead.
public protocol SimilarityColumns: Sendable {
    var targetCount: Int { get }
    var candidateCount: Int { get }
    /// Calls `body(start, count, rows)` for consecutive blocks of columns covering `0..<N` in
    /// order; `rows` holds, for each of `targets` in that order, `S[i, start..<start + count]`.
    func forEachBlock(targets: [Int], _ body: (_ start: Int, _ count: Int, _ rows: UnsafeBufferPointer<Double>) throws -> Void) throws
    /// Each of `targets`' best `length` candidates with their keys, best first: by `(S desc,
    /// j asc)`, or with `byDistance` by `(D asc, j asc)` for `D = 1 - S` (keys `-D`, as
    /// `KNNUniformNeighbours` ranks): the same entries in the same order as `RowRanking.best` on
    /// the whole row.
    func topLists(targets: [Int], length: Int, byDistance: Bool) throws -> [[(score: Double, index: Int)]]
    /// coverage.md §4's per-target and per-candidate figures of `selected` on S.
    func coverage(selected: [Int]) throws -> SelectionCoverage
}

extension SimilarityColumns {
    /// The lists from one pass over the blocks (`TopListAccumulator`).
    public func topLists(targets: [Int], length: Int, byDistance: Bool) throws -> [[(score: Double, index: Int)]] {
        var lists = TopListAccumulator(targetCount: targets.count, length: length, byDistance: byDistance)
        try forEachBlock(targets: targets) { start, count, rows in lists.add(start: start, count: count, rows: rows) }
        return lists.lists.map { $0.map { (score: $0.key, index: $0.index) } }
    }

    /// The figures from one pass over the blocks.
    public func coverage(selected: [Int]) throws -> SelectionCoverage {
        try SelectionCoverage(columns: self, selected: selected)
    }
}
