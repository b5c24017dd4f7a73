/// A row of `checkpoints`. `dim` is fixed by the first upload.
public struct CheckpointRecord: Sendable, Equatable {
    public let id: Int64
    public let featureID: Int64
    public let label: String
    public let dim: Int
    public let weight: Double
    public let createdAt: String
}
