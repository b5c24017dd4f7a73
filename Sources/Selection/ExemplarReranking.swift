import JSON

/// What a re-ranker returns before positions are mapped back to pool indices: first-stage
/// positions best first, aligned scores (or none), diagnostics and warnings.
public struct ExemplarReranking: Sendable, Equatable {
    /// First-stage positions; `nil` for an item the first stage did not retrieve (`hybrid`'s
    /// bm25-only items), which `order` then names.
    public var positions: [Int?]
    public var scores: [Double]?
    public var diagnostics: [JSONValue.Member]
    /// Pool indices best first, when some item is not in the first stage; `nil`: the positions'.
    public var order: [Int]?
    public var warnings: [String]

    public init(
        positions: [Int?], scores: [Double]?, diagnostics: [JSONValue.Member] = [], order: [Int]? = nil, warnings: [String] = []
    ) {
        self.positions = positions
        self.scores = scores
        self.diagnostics = diagnostics
        self.order = order
        self.warnings = warnings
    }
}
