/// A numeric array the parser decoded into `Float` storage (see `JSONFloatPlan`): `rows` arrays
/// of `cols` values, row-major; a vector is one row. Every value is a finite float32.
public struct JSONFloatBlock: Sendable, Equatable {
    public let rows: Int
    public let cols: Int
    public let values: [Float]

    /// An array past the parser's `JSONFloatLimits`, skipped unread: `values` is empty and `cols`
    /// is an upper bound on its widest row (from its separators). Whoever reads the body refuses
    /// it, naming its path; its numbers never became floats.
    public var skipped: Bool { values.count != rows * cols }
}
