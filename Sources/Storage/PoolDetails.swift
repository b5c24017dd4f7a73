/// A pool with what `GET /v1/pools/{pool}` shows: its item count and its features' checkpoints.
public struct PoolDetails: Sendable, Equatable {
    public let pool: PoolRecord
    public let itemCount: Int
    public let features: [FeatureDetails]
}
