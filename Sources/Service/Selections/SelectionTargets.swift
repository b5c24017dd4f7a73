import LinearAlgebra

/// Where a selection's targets come from (docs/api.md): a stored pool feature, one inline
/// matrix (candidates with one checkpoint), inline matrices per checkpoint label, or none (`random`);
/// for a method on the items' text (`dsir`), a pool's items or inline texts.
enum SelectionTargets: Sendable {
    case none
    case stored(pool: String, feature: String)
    case vectors(Matrix)
    case checkpoints([LabeledMatrix])
    case pool(String)
    case texts([String])

    struct LabeledMatrix: Sendable {
        let label: String
        let matrix: Matrix
    }

    /// The most inline rows accepted in one matrix (docs/api.md).
    static let maxInlineRows = 10_000
}
