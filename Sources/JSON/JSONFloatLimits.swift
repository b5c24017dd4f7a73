/// How large a numeric array `JSONParser` decodes into Float storage: more rows than `rows`, or
/// more numbers than `columns` per row on average, and it is skipped instead (see
/// `JSONFloatBlock.skipped`). A route passes the widest vector it could use (the widest stored
/// checkpoint): a body of short numbers (`[0,0,0,...]`, 2 bytes each) would otherwise decode into
/// twice its size in floats that can never match any feature.
public struct JSONFloatLimits: Sendable, Equatable {
    public var columns: Int
    public var rows: Int

    public init(columns: Int = .max, rows: Int = .max) {
        self.columns = columns
        self.rows = rows
    }

    public static let none = JSONFloatLimits()

    /// Whether an array of `count` innermost arrays holding `values` numbers is decoded.
    func admits(values: Int, rows count: Int) -> Bool {
        guard count <= rows else { return false }
        let (cap, overflow) = columns.multipliedReportingOverflow(by: max(count, 1))
        return overflow || values <= cap
    }
}
