import LinearAlgebra

/// The best `count` entries of one row of float64 scores by `(score desc, index asc)`, best first.
///
/// Uses LinearAlgebra's `TopKAccumulator`, now `@inlinable` and so specialised here (it was
/// unspecialised across the module boundary; bench/README-sel-perf.md measures it as fast as the
/// concrete heap that used to live in this file).
enum RowRanking {
    /// Every index of `scores`, best first (the concrete form of `Ranking.order`).
    static func order(_ scores: [Double]) -> [Int] {
        scores.withUnsafeBufferPointer { s in
            Array(0..<s.count).sorted { s[$0] > s[$1] || (s[$0] == s[$1] && $0 < $1) }
        }
    }

    /// `negated: true` ranks by `-score` (exact), i.e. by ascending score (KNN distances).
    static func best(_ row: UnsafeBufferPointer<Double>, count: Int, negated: Bool = false) -> [(score: Double, index: Int)] {
        let n = row.count
        let k = min(max(count, 0), n)
        guard k > 0 else { return [] }
        var heap = TopKAccumulator<Double>(k: k)
        if negated {
            for j in 0..<n { heap.push(score: -row[j], index: j) }
        } else {
            for j in 0..<n { heap.push(score: row[j], index: j) }
        }
        return heap.sorted()
    }
}
