import JSON

/// What every training-data selector returns: candidate indices best first (TAROT: a set in
/// ascending index), aligned scores / weights / pickers, diagnostics named as in the fixtures'
/// `expected` blocks, and warnings.
public struct SelectionResult: Sendable, Equatable {
    public var order: [Int]
    /// Aligned with `order`; `nil` for `random` and TAROT.
    public var scores: [Double]?
    /// TAROT's potentials, aligned with `order`.
    public var weights: [Double]?
    /// round_robin: the target index that picked each entry.
    public var pickedBy: [Int]?
    /// facility_location: the round of each pick (-1 for the zero-gain fill).
    public var rounds: [Int]?
    /// Method figures in a fixed key order (e.g. `all_scores`, `iterations`, `stop`, `rank_used`).
    public var diagnostics: [JSONValue.Member]
    public var warnings: [String]
    /// The similarity S the method computed and kept whole (selection.md §2), handed to the
    /// quality diagnostics so they need no pass of their own (`Selector.selectAndMeasure`, which
    /// drops it again); nil when the method made none or consumed it.
    public var similarity: SimilarityMatrix?

    public init(
        order: [Int], scores: [Double]? = nil, weights: [Double]? = nil, pickedBy: [Int]? = nil, rounds: [Int]? = nil,
        diagnostics: [JSONValue.Member] = [], warnings: [String] = [], similarity: SimilarityMatrix? = nil
    ) {
        self.order = order
        self.scores = scores
        self.weights = weights
        self.pickedBy = pickedBy
        self.rounds = rounds
        self.diagnostics = diagnostics
        self.warnings = warnings
        self.similarity = similarity
    }

    public func diagnostic(_ key: String) -> JSONValue? {
        diagnostics.first { $0.key == key }?.value
    }
}
