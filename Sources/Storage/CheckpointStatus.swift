/// How filled a checkpoint is. `complete` means every live item of the pool has a row;
/// otherwise `firstMissing` is the lowest-index item without one (for `feature_incomplete`).
public struct CheckpointStatus: Sendable, Equatable {
    public let checkpoint: CheckpointRecord
    public let rows: Int
    public let firstMissing: ItemKey?

    public var complete: Bool { firstMissing == nil }
}
