import Foundation
import LinearAlgebra

/// The re-rankers that need no linear algebra: `knn` (§5.2) and `gaussian` (§5.3).
public enum ExemplarSimpleRerankers {
    /// The first `k` first-stage candidates, scored by their float32 ip.
    public static func knn(_ c: ExemplarCandidates, k: Int) -> ExemplarReranking {
        let positions = Array(0..<min(k, c.count))
        return ExemplarReranking(positions: positions, scores: positions.map { Double(c.innerProducts[$0]) })
    }

    /// Ranks by the float64 squared distance to the query (ascending, ties to the earlier
    /// position); the kernel `exp(-d2 / (2 sigma²))` is only reported, since it can underflow.
    public static func gaussian(_ c: ExemplarCandidates, k: Int, sigma: Double) -> ExemplarReranking {
        let d2: [Double] = c.query.withUnsafeBufferPointer { q in
            c.rows.withUnsafeBufferPointer { rows in
                (0..<c.count).map { j in
                    guard let qb = q.baseAddress, let rb = rows.baseAddress else { return 0 }
                    return ExemplarDot.squaredDistance(rb + j * c.dim, qb, count: c.dim)
                }
            }
        }
        let positions = Array(Ranking.ascendingOrder(d2).prefix(k))
        let chosen = positions.map { d2[$0] }
        let scores = chosen.map { exp(-$0 / (2 * sigma * sigma)) }
        return ExemplarReranking(positions: positions, scores: scores, diagnostics: [.init("sq_dist", .doubles(chosen))])
    }
}
