import LinearAlgebra

/// `random` (docs/methods/exemplars.md §5.6): a SplitMix64 permutation of the filtered pool; no first stage.
public enum RandomReranker: ExemplarRerankerMethod {
    public static let method = RerankerDescription(
        name: "random", summary: "a uniform sample of the filtered pool (a baseline; no first stage)",
        parameters: [MethodParameter("seed", .integer, default: .int(0), range: ">= 0", help: "Seed of the permutation.")],
        input: .pool, scored: false)

    /// The first `k` of a permutation of `filtered` (pool indices).
    public static func order(_ filtered: [Int], k: Int, seed: UInt64) -> [Int] {
        SplitMix64.permutation(filtered.count, seed: seed).prefix(k).map { filtered[$0] }
    }

    /// Never reached: without a first stage, `ExemplarRanker` calls `order` on the whole filter.
    public static func rerank(_ c: ExemplarCandidates, k: Int, options: ExemplarOptions, control: SelectionControl) -> ExemplarReranking {
        ExemplarReranking(positions: [], scores: nil)
    }
}
