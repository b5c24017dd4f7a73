/// A feature with the status of each of its checkpoints, in creation order.
public struct FeatureDetails: Sendable, Equatable {
    public let feature: FeatureRecord
    public let checkpoints: [CheckpointStatus]
}
