/// The entry point of every exemplar re-ranker (docs/methods/exemplars.md §5): it describes itself
/// (`method`) beside its code and is registered by declaring this conformance, so adding one is its
/// file and its openapi.yaml enum entry.
public protocol ExemplarRerankerMethod {
    static var method: RerankerDescription { get }

    /// Checks that the re-ranker can run on `m` first-stage candidates for `k` (before the first
    /// stage is computed): `mgs` bounds its subset count.
    static func check(m: Int, k: Int) throws

    /// Orders the first-stage candidates (positions best first); `k >= 1`, `k <= c.count`.
    static func rerank(_ c: ExemplarCandidates, k: Int, options: ExemplarOptions, control: SelectionControl) throws -> ExemplarReranking
}

extension ExemplarRerankerMethod {
    public static func check(m: Int, k: Int) throws {}
}
