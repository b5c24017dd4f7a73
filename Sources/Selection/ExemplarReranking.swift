import JSON

/// What a re-ranker returns before positions are mapped back to pool indices: first-stage
/// positions best first, aligned scores (or none) and diagnostics.
public struct ExemplarReranking: Sendable, Equatable {
    public var positions: [Int]
    public var scores: [Double]?
    public var diagnostics: [JSONValue.Member]

    public init(positions: [Int], scores: [Double]?, diagnostics: [JSONValue.Member] = []) {
        self.positions = positions
        self.scores = scores
        self.diagnostics = diagnostics
    }
}
