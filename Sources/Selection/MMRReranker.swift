/// Maximal marginal relevance (docs/methods/exemplars.md §5.5) on float64 cosines of vectors normalised
/// with `max(‖x‖, 1e-12)`; ties go to the earlier first-stage position. Prefix-stable.
public enum MMRReranker: ExemplarRerankerMethod {
    public static let method = RerankerDescription(
        name: "mmr", summary: "maximal marginal relevance: relevance to the query against similarity to those chosen",
        parameters: [MethodParameter("lambda", .number, default: .double(0.5), range: "[0, 1]", help: "Weight of relevance against diversity.")])

    public static func rerank(_ c: ExemplarCandidates, k: Int, options: ExemplarOptions, control: SelectionControl) -> ExemplarReranking {
        rerank(c, k: k, lambda: options.lambda)
    }

    public static func rerank(_ c: ExemplarCandidates, k: Int, lambda: Double) -> ExemplarReranking {
        let m = c.count, d = c.dim
        guard c.normalizedCopiesFit else {
            // A wide query: every cosine at once, block by block, rather than normalised float64
            // copies of the query and candidates (the same bits; more dots, fewer bytes).
            let (relevance, similarity) = c.normalizedCosines()
            return select(m: m, k: k, lambda: lambda, relevance: relevance) { similarity[$0 * m + $1] }
        }
        let q = ExemplarDot.normalized(c.query)
        let rows = (0..<m).flatMap { ExemplarDot.normalized(c.row($0)) }
        return q.withUnsafeBufferPointer { qp in
            rows.withUnsafeBufferPointer { rp in
                guard let qb = qp.baseAddress, let rb = rp.baseAddress else {
                    return ExemplarReranking(positions: [], scores: [])
                }
                let relevance = (0..<m).map { ExemplarDot.double(qb, rb + $0 * d, count: d) }
                return select(m: m, k: k, lambda: lambda, relevance: relevance) { ExemplarDot.double(rb + $0 * d, rb + $1 * d, count: d) }
            }
        }
    }

    /// The greedy picks from the relevances and `similarity(i, j)`, the cosine of candidates i and j.
    static func select(m: Int, k: Int, lambda: Double, relevance: [Double], similarity: (Int, Int) -> Double) -> ExemplarReranking {
        var maxSimilarity = [Double](repeating: -Double.infinity, count: m)
        var picked = [Bool](repeating: false, count: m)
        var positions: [Int] = [], scores: [Double] = []
        for step in 0..<min(k, m) {
            // The first pick is by relevance alone, whatever lambda (lambda = 0 still
            // starts from the most relevant candidate); its reported score is lambda * rel.
            var bestJ = -1, bestValue = -Double.infinity
            for j in 0..<m where !picked[j] {
                let value = step == 0 ? relevance[j] : lambda * relevance[j] - (1 - lambda) * maxSimilarity[j]
                if bestJ < 0 || value > bestValue { (bestJ, bestValue) = (j, value) }
            }
            picked[bestJ] = true
            positions.append(bestJ)
            scores.append(step == 0 ? lambda * bestValue : bestValue)
            for j in 0..<m where !picked[j] {
                maxSimilarity[j] = max(maxSimilarity[j], similarity(bestJ, j))
            }
        }
        return ExemplarReranking(positions: positions, scores: scores)
    }
}
