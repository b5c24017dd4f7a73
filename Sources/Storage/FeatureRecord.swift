/// A row of `features`: one named kind of vector of a pool. `embedder` and `model` are nil for
/// uploaded vectors.
public struct FeatureRecord: Sendable, Equatable {
    public let id: Int64
    public let poolID: Int64
    public let name: String
    public let embedder: String?
    public let model: String?
    public let createdAt: String
}
