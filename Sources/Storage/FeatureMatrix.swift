/// A checkpoint read into memory: `rows` x `dim` float32, row-major, row i = the item of index i.
public struct FeatureMatrix: Sendable, Equatable {
    public let rows: Int
    public let dim: Int
    public let values: [Float]
}
