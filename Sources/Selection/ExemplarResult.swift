import JSON

/// The answer of `ExemplarRanker` (docs/methods/exemplars.md §6). Pool indices are indices of the
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
    /// First-stage positions of `order`; `nil` for `random`; an entry is `nil` for an item only
    /// bm25 retrieved (`hybrid`). `bm25` is its own first stage: its positions are the ranks - 1.
    public var positions: [Int?]?
    /// m_eff; `nil` for `random`.
    public var m: Int?
    /// |F|, the filtered pool size.
    public var poolSize: Int
    /// `lore` {rank, lossless, eigengap?}, `sq_dist`, `mgs_subset_score`, `bm25`, `hybrid`,
    /// `dpp`, in that naming.
    public var diagnostics: [JSONValue.Member]
    /// What the method or the prompt budget reports (e.g. bm25 matched fewer than k items).
    public var warnings: [String] = []
    /// The method's 1-based rank of each entry of `order`: 1...k, with gaps where the prompt
    /// budget skipped an exemplar (`ExemplarPromptBudget`).
    public var ranks: [Int]
    /// Pool indices the prompt budget skipped, in rank order.
    public var skipped: [Int] = []
    /// UTF-8 bytes of the final text prompt of `order`, once `ExemplarPromptBudget` has run.
    public var promptBytes: Int?

    public init(
        order: [Int], scores: [Double]?, firstStage: [Int]?, firstStageScores: [Double]?, positions: [Int?]?,
        m: Int?, poolSize: Int, diagnostics: [JSONValue.Member] = [], warnings: [String] = []
    ) {
        self.order = order
        self.scores = scores
        self.firstStage = firstStage
        self.firstStageScores = firstStageScores
        self.positions = positions
        self.m = m
        self.poolSize = poolSize
        self.diagnostics = diagnostics
        self.warnings = warnings
        self.ranks = order.indices.map { $0 + 1 }
    }
}
