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
    /// `KNNUniformNeighbours` ranks): the global top lists, merged block by block, so the same
    /// entries in the same order as `RowRanking.best` on the whole row. Blocks come in index
    /// order, so once a list is full only keys above its last one can enter it.
    func topLists(targets: [Int], length: Int, byDistance: Bool = false) throws -> [[(score: Double, index: Int)]] {
        var lists = [[(score: Double, index: Int)]](repeating: [], count: targets.count)
        var keys: [Double] = []
        try forEachBlock(targets: targets) { start, count, rows in
            for p in targets.indices {
                let row = rows[(p * count)..<((p + 1) * count)]
                keys = byDistance ? row.map { -(1 - $0) } : Array(row)
                let best: [(score: Double, index: Int)]
                if lists[p].count == length, let last = lists[p].last {
                    best = keys.indices.filter { keys[$0] > last.score }.map { (score: keys[$0], index: $0) }
                        .sorted { Ranking.precedes($0.score, $0.index, $1.score, $1.index) }
                } else {
                    best = keys.withUnsafeBufferPointer { RowRanking.best($0, count: length) }
                }
                lists[p] = Self.merged(lists[p], best, offset: start, length: length)
            }
        }
        return lists
    }

    /// The first `length` of two lists sorted by `(score desc, index asc)`, the second's indices
    /// shifted by `offset` (all above the first's).
    static func merged(
        _ a: [(score: Double, index: Int)], _ b: [(score: Double, index: Int)], offset: Int, length: Int
    ) -> [(score: Double, index: Int)] {
        var out: [(score: Double, index: Int)] = []
        out.reserveCapacity(min(length, a.count + b.count))
        var (x, y) = (0, 0)
        while out.count < length, x < a.count || y < b.count {
            if y == b.count || (x < a.count && Ranking.precedes(a[x].score, a[x].index, b[y].score, b[y].index + offset)) {
                out.append(a[x])
                x += 1
            } else {
                out.append((score: b[y].score, index: b[y].index + offset))
                y += 1
            }
        }
        return out
    }
}
