/// A numeric array the parser decoded into `Float` storage (see `JSONFloatPlan`): `rows` arrays
/// of `cols` values, row-major; a vector is one row. Every value is a finite float32.
public struct JSONFloatBlock: Sendable, Equatable {
    public let rows: Int
    public let cols: Int
    public let values: [Float]
}
