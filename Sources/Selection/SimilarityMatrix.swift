/// The similarity matrix `S = Σ_t w_t cos(Q_t, C_t)` of selection.md §2: M x N float64, stored
/// target-major (row `i` holds target `i` against every candidate), which is the layout every
/// selector walks (round-robin and KNN sort a target's row; LESS and UOT sweep columns in target
/// order, so identical candidates see the same instruction sequence).
public struct SimilarityMatrix: Sendable, Equatable {
    /// M, the number of targets (rows).
    public let targetCount: Int
    /// N, the number of candidates (columns).
    public let candidateCount: Int
    /// Row-major `targetCount x candidateCount`.
    public var values: [Double]

    public init(targetCount: Int, candidateCount: Int, values: [Double]) {
        precondition(values.count == targetCount * candidateCount, "SimilarityMatrix needs M * N values")
        self.targetCount = targetCount
        self.candidateCount = candidateCount
        self.values = values
    }

    public subscript(target: Int, candidate: Int) -> Double {
        values[target * candidateCount + candidate]
    }

    /// Target `i`'s row (its similarity to every candidate), as a slice of `values`.
    public func row(_ target: Int) -> ArraySlice<Double> {
        values[(target * candidateCount)..<((target + 1) * candidateCount)]
    }
}
