import LinearAlgebra
import Storage

/// What a projection reads in one snapshot: the sampled candidate rows (float32, index order),
/// their keys, and with `targets_job` the job's target rows of this checkpoint and the rank of
/// each selected item id.
struct ProjectionInput: Sendable {
    let pool: PoolRecord
    let feature: FeatureRecord
    let checkpoint: CheckpointRecord
    let itemCount: Int
    /// Sampled indices, ascending, aligned with `rows`.
    let indices: [Int]
    let ids: [String]
    let rows: [Float]
    let targets: ProjectionTargets?
}

/// The selection job a map is drawn for.
struct ProjectionTargets: Sendable {
    let jobID: String
    /// Target rows of the projected checkpoint, `count x dim` (a seeded sample beyond the cap).
    let indices: [Int]
    let rows: [Float]
    /// The job's rank of each selected item, by item id.
    let ranks: [String: Int]
}
