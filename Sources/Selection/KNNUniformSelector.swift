import JSON
import LinearAlgebra

/// `knn_uniform` (selection.md §6): each query spreads a uniform weight over its `K` nearest
/// candidates, `K` chosen by the TSDS stopping rule; candidates ranked by total weight. Prefix-stable.
public enum KNNUniformSelector: Selector {
    public static let method = MethodDescription(
        name: "knn_uniform", summary: "uniform weight over each target's K nearest candidates (TSDS stopping rule)",
        parameters: [
            MethodParameter("L", .integer, default: .int(5000), range: ">= 1", help: "Neighbour-list length (capped at N)."),
            MethodParameter("alpha", .number, default: .double(0.01), range: "(0, 1)", help: "Stopping-rule level."),
            MethodParameter("C", .number, default: .double(5), range: "> 0", help: "Stopping-rule constant."),
        ],
        diagnostics: [("K", .scalar), ("L", .scalar), ("support", .scalar)])

    public static func select(
        _ input: SelectionInput, budget: Budget?, parameters: Parameters, seed: UInt64?, control: SelectionControl
    ) throws -> SelectionResult {
        let knn = try KNNUniformParameters(parameters)
        let request = try SimilarityRequest.prepare(input, budget: budget, control: control)
        let s = request.similarity
        let length = min(knn.neighbours, s.candidateCount)
        let neighbours = try KNNUniformNeighbours.compute(s, length: length, pool: request.pool, control: control)
        var result = ranked(neighbours, knn: knn, k: request.k, candidateCount: s.candidateCount)
        result.similarity = s
        return result
    }

    /// The first `k` candidates by the weight the targets' `K` nearest spread (`K` by the
    /// stopping rule), with the diagnostics.
    static func ranked(_ neighbours: KNNUniformNeighbours, knn: KNNUniformParameters, k budget: Int, candidateCount n: Int) -> SelectionResult {
        let k = neighbours.stoppingK(alpha: knn.alpha, c: knn.c)
        var count = [Int](repeating: 0, count: n)
        for list in neighbours.lists {
            for j in list.prefix(k) { count[j] += 1 }
        }
        let denominator = Double(k * neighbours.lists.count)
        let p = count.map { Double($0) / denominator }
        let order = Array(RowRanking.order(p).prefix(budget))
        return SelectionResult(
            order: order, scores: order.map { p[$0] },
            diagnostics: [
                JSONValue.Member("K", .int(k)),
                JSONValue.Member("L", .int(neighbours.length)),
                JSONValue.Member("support", .int(count.filter { $0 > 0 }.count)),
            ])
    }
}
