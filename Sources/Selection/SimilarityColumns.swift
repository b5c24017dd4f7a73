import LinearAlgebra

/// S (M x N float64, selection.md §2) read in blocks of candidate columns, for a sharded run's
/// reduce that never holds the whole matrix (docs/scaling.md): every value must be the one
/// `SimilarityMatrix.compute` gives at that place, bit for bit.
public protocol SimilarityColumns: Sendable {
    var targetCount: Int { get }
    var candidateCount: Int { get }
    /// Calls `body(start, count, rows)` for consecutive blocks of columns covering `0..<N` in
    /// order; `rows` holds, for each of `targets` in that order, `S[i, start..<start + count]`.
    func forEachBlock(targets: [Int], _ body: (_ start: Int, _ count: Int, _ rows: UnsafeBufferPointer<Double>) throws -> Void) throws
}

extension SimilarityColumns {
    /// Each of `targets`' best `length` candidates with their keys, best first: by `(S desc,
    /// j asc)`, or with `byDistance` by `(D asc, j asc)` for `D = 1 - S` (keys `-D`, as
    /// `KNNUniformNeighbours` ranks): the global top lists, merged block by block from each
    /// block's own (`RowRanking.best`), so the same entries in the same order as on the whole row.
    func topLists(targets: [Int], length: Int, byDistance: Bool = false) throws -> [[(score: Double, index: Int)]] {
        var lists = [[(score: Double, index: Int)]](repeating: [], count: targets.count)
        var distance: [Double] = []
        try forEachBlock(targets: targets) { start, count, rows in
            for p in targets.indices {
                let row = UnsafeBufferPointer(rebasing: rows[(p * count)..<((p + 1) * count)])
                let best: [(score: Double, index: Int)]
                if byDistance {
                    distance = row.map { 1 - $0 }
                    best = distance.withUnsafeBufferPointer { RowRanking.best($0, count: length, negated: true) }
                } else {
                    best = RowRanking.best(row, count: length)
                }
                lists[p] = Array((lists[p] + best.map { (score: $0.score, index: start + $0.index) })
                    .sorted { Ranking.precedes($0.score, $0.index, $1.score, $1.index) }.prefix(length))
            }
        }
        return lists
    }
}
