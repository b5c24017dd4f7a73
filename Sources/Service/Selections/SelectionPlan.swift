import LinearAlgebra
import Selection
import Storage

/// A selection request resolved against the database in one read snapshot: the candidates'
/// pool, feature and checkpoints (creation order), N, the target matrix of each checkpoint and
/// the weights that will be used. Built once when the request is validated and again when the
/// job starts (the pool may have changed or gone in between).
struct SelectionPlan: Sendable {
    let pool: PoolRecord
    let feature: FeatureRecord
    let checkpoints: [CheckpointRecord]
    let candidateCount: Int
    /// Aligned with `checkpoints`; empty matrices (0 x d) when the request has no targets.
    let targets: [Matrix]
    /// Aligned with `checkpoints`.
    let weights: [Double]

    var labels: [String] { checkpoints.map(\.label) }

    /// The engine's input over `sources` (one per checkpoint, aligned).
    func input(sources: [any RowBlockSource], blockRows: Int, workers: Int = 1) -> SelectionInput {
        let parts = zip(checkpoints, zip(sources, zip(targets, weights))).map { checkpoint, rest in
            SelectionCheckpoint(label: checkpoint.label, weight: rest.1.1, candidates: rest.0, targets: rest.1.0)
        }
        return SelectionInput(checkpoints: parts, blockRows: blockRows, workers: workers)
    }
}
