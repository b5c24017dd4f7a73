import JSON

/// The answer of `ExemplarRanker` (specs/exemplars.md §6). Pool indices are indices of the
/// unfiltered pool; `positions` are 0-based first-stage positions.
public struct ExemplarResult: Sendable, Equatable {
    /// k pool indices, best first (`mgs`: the chosen subset in first-stage order).
    public var order: [Int]
    /// Aligned with `order`; `nil` for `mgs` and `random`.
    public var scores: [Double]?
    /// The m_eff first-stage candidates (pool indices) and their float32 inner products (widened);
    /// `nil` for `random`.
    public var firstStage: [Int]?
    public var firstStageScores: [Double]?
    /// First-stage positions of `order`; `nil` for `random`.
    public var positions: [Int]?
    /// m_eff; `nil` for `random`.
    public var m: Int?
    /// |F|, the filtered pool size.
    public var poolSize: Int
    /// `lore` {rank, lossless, eigengap?}, `sq_dist`, `mgs_subset_score`, in that naming.
    public var diagnostics: [JSONValue.Member]

    public init(
        order: [Int], scores: [Double]?, firstStage: [Int]?, firstStageScores: [Double]?, positions: [Int]?,
        m: Int?, poolSize: Int, diagnostics: [JSONValue.Member] = []
    ) {
        self.order = order
        self.scores = scores
        self.firstStage = firstStage
        self.firstStageScores = firstStageScores
        self.positions = positions
        self.m = m
        self.poolSize = poolSize
        self.diagnostics = diagnostics
    }
}
