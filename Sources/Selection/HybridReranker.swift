import JSON

/// `hybrid` (docs/methods/exemplars-lexical.md §3): reciprocal rank fusion (Cormack et al. 2009) of the
/// dense first stage and the question's bm25 list, both m_eff deep. Each term is one float64
/// division and the two are added, so equal rank pairs tie bit-exactly and go to the lower index.
public enum HybridReranker: ExemplarRerankerMethod {
    public static let method = RerankerDescription(
        name: "hybrid", summary: "reciprocal rank fusion of the dense first stage and the bm25 list of the question",
        parameters: [
            MethodParameter("rrf_c", .number, default: .double(60), range: ">= 0", help: "RRF constant c: each list adds 1 / (c + rank)."),
        ],
        input: .firstStageAndText)

    public static func rerank(_ c: ExemplarCandidates, k: Int, options: ExemplarOptions, control: SelectionControl) -> ExemplarReranking {
        rerank(c, k: k, rrfC: options.rrfC)
    }

    public static func rerank(_ c: ExemplarCandidates, k: Int, rrfC: Double) -> ExemplarReranking {
        let ranking = c.lexical ?? LexicalRanking(queryTokens: [], indices: [], scores: [])
        let dense = c.indices
        let lexical = Array(ranking.indices.prefix(c.count))
        var denseRank: [Int: Int] = [:], lexicalRank: [Int: Int] = [:]
        for (r, p) in dense.enumerated() { denseRank[p] = r + 1 }
        for (r, p) in lexical.enumerated() { lexicalRank[p] = r + 1 }
        let union = dense + lexical.filter { denseRank[$0] == nil }
        let fused = union.map { p -> (index: Int, score: Double) in
            let td = denseRank[p].map { 1.0 / (rrfC + Double($0)) } ?? 0.0
            let tb = lexicalRank[p].map { 1.0 / (rrfC + Double($0)) } ?? 0.0
            return (index: p, score: td + tb)
        }
        let chosen = fused.sorted { $0.score != $1.score ? $0.score > $1.score : $0.index < $1.index }.prefix(k)
        let order = chosen.map(\.index)
        let hybrid: JSONValue = .object([
            "bm25_list": .ints(lexical),
            "bm25_scores": .doubles(Array(ranking.scores.prefix(c.count))),
            "dense_rank": .array(order.map { denseRank[$0].map(JSONValue.int) ?? .null }),
            "bm25_rank": .array(order.map { lexicalRank[$0].map(JSONValue.int) ?? .null }),
        ])
        let warnings = lexical.isEmpty ? ["hybrid: no allowed item matches the question's tokens; the result is the dense order"] : []
        return ExemplarReranking(
            positions: order.map { denseRank[$0].map { $0 - 1 } }, scores: chosen.map(\.score),
            diagnostics: [ranking.diagnostic, .init("hybrid", hybrid)], order: order, warnings: warnings)
    }
}
