import Foundation
import JSON
import LinearAlgebra

/// `gaussian` (docs/methods/exemplars.md §5.3): ranks by the float64 squared distance to the query
/// (ascending, ties to the earlier position); the kernel `exp(-d2 / (2 sigma²))` is only
/// reported, since it can underflow.
public enum GaussianReranker: ExemplarRerankerMethod {
    public static let method = RerankerDescription(
        name: "gaussian", summary: "smallest squared distance to the query, scored by a Gaussian kernel",
        parameters: [MethodParameter("sigma", .number, default: .double(0.5), range: "> 0", help: "Kernel width of the reported score.")])

    public static func rerank(_ c: ExemplarCandidates, k: Int, sigma: Double) -> ExemplarReranking {
        // Widened value by value: no float64 copy of a query that may be as wide as a request body.
        let d2: [Double] = c.queryValues.withUnsafeBufferPointer { q in
            c.rowValues.withUnsafeBufferPointer { rows in
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

    public static func rerank(_ c: ExemplarCandidates, k: Int, options: ExemplarOptions, control: SelectionControl) -> ExemplarReranking {
        rerank(c, k: k, sigma: options.sigma)
    }
}
