/// A row of `pools`. `metadata` is JSON text encoded by the Service.
public struct PoolRecord: Sendable, Equatable {
    public let id: Int64
    public let name: String
    public let description: String?
    public let metadata: String?
    public let createdAt: String
}
