import LinearAlgebra

/// Where a selection's targets come from (design/api.md): a stored pool feature, one inline
/// matrix (candidates with one checkpoint), inline matrices per checkpoint label, or none (`random`).
enum SelectionTargets: Sendable {
    case none
    case stored(pool: String, feature: String)
    case vectors(Matrix)
    case checkpoints([LabeledMatrix])

    struct LabeledMatrix: Sendable {
        let label: String
        let matrix: Matrix
    }

    /// The most inline rows accepted in one matrix (design/api.md).
    static let maxInlineRows = 10_000
}
