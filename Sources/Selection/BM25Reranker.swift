/// `bm25` (docs/methods/exemplars-lexical.md §2): F by the question's bm25 score against the items'
/// questions (SQLite FTS5, computed by the service's index), ties to the lower pool index; the
/// items that match nothing follow in index order, so the answer always has k entries. No
/// vectors, embedder or LLM: the ranking is its own first stage.
public enum BM25Reranker: ExemplarRerankerMethod {
    public static let method = RerankerDescription(
        name: "bm25", summary: "lexical: SQLite FTS5 bm25 of the question against the items' questions (no feature, embedder or LLM)",
        input: .text)

    /// The first `k` of F: the matches best first, then the non-matching items in index order.
    /// `k <= filtered.count`.
    public static func order(_ ranking: LexicalRanking, filtered: [Int], k: Int) -> ExemplarResult {
        var order = Array(ranking.indices.prefix(k))
        var scores = Array(ranking.scores.prefix(k))
        if order.count < k {
            let matched = Set(ranking.indices)
            for p in filtered where order.count < k && !matched.contains(p) {
                order.append(p)
                scores.append(0)
            }
        }
        var warnings: [String] = []
        if ranking.matchedCount < k {
            warnings.append(
                "bm25: only \(ranking.matchedCount) allowed items match the question's tokens; \(k - ranking.matchedCount) with score 0 follow in index order")
        }
        return ExemplarResult(
            order: order, scores: scores, firstStage: nil, firstStageScores: nil, positions: order.indices.map { $0 },
            m: nil, poolSize: filtered.count, diagnostics: [ranking.diagnostic], warnings: warnings)
    }

    /// Never reached: without a first stage, `ExemplarRanker` calls `order` on the bm25 ranking.
    public static func rerank(_ c: ExemplarCandidates, k: Int, options: ExemplarOptions, control: SelectionControl) -> ExemplarReranking {
        ExemplarReranking(positions: [], scores: [])
    }
}
