/// `knn` (docs/methods/exemplars.md §5.2): the first `k` first-stage candidates, scored by their float32 ip.
public enum KNNReranker: ExemplarRerankerMethod {
    public static let method = RerankerDescription(name: "knn", summary: "the first stage's order: largest inner product with the query")

    public static func rerank(_ c: ExemplarCandidates, k: Int) -> ExemplarReranking {
        let positions = Array(0..<min(k, c.count))
        return ExemplarReranking(positions: positions, scores: positions.map { Double(c.innerProducts[$0]) })
    }

    public static func rerank(_ c: ExemplarCandidates, k: Int, options: ExemplarOptions, control: SelectionControl) -> ExemplarReranking {
        rerank(c, k: k)
    }
}
