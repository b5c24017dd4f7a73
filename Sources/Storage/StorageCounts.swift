/// Row counts for /metrics.
public struct StorageCounts: Sendable, Equatable {
    public let pools: Int
    public let items: Int
    public let featureRows: Int
}
