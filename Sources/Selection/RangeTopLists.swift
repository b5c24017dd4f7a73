/// One row range's part of a sharded run's list map (docs/scaling.md): over the rows
/// `rowOffset ..< rowOffset + rowCount`, each target's best `length` entries of S by
/// `TopListAccumulator`'s order (their S values and global indices), each target's largest S and
/// each row's largest S over the targets.
public struct RangeTopLists: Sendable, Equatable {
    public let rowOffset: Int
    public let rowCount: Int
    /// Entries per target: the length asked for, at most `rowCount`.
    public let length: Int
    /// M x `length`, target-major, each target's best first.
    public let values: [Double]
    public let indices: [Int]
    /// M.
    public let targetBest: [Double]
    /// `rowCount`.
    public let rowBest: [Double]

    public init(rowOffset: Int, rowCount: Int, length: Int, values: [Double], indices: [Int], targetBest: [Double], rowBest: [Double]) throws {
        let m = targetBest.count
        guard rowOffset >= 0, length >= 0, length <= rowCount, values.count == m * length, indices.count == values.count,
              rowBest.count == rowCount, indices.allSatisfy({ $0 >= rowOffset && $0 < rowOffset + rowCount }) else {
            throw SelectionError(.shapeMismatch, "the top lists of rows \(rowOffset)..<\(rowOffset + rowCount) hold \(values.count) values, \(indices.count) indices, \(m) target figures and \(rowBest.count) row figures for lists of \(length)", parameter: "candidates")
        }
        self.rowOffset = rowOffset
        self.rowCount = rowCount
        self.length = length
        self.values = values
        self.indices = indices
        self.targetBest = targetBest
        self.rowBest = rowBest
    }

    /// The lists of `accumulator`, which was given exactly the columns of these rows (and measured them).
    public init(_ accumulator: TopListAccumulator, rowOffset: Int, rowCount: Int) throws {
        let length = min(accumulator.length, rowCount)
        try self.init(rowOffset: rowOffset, rowCount: rowCount, length: length,
                      values: accumulator.lists.flatMap { $0.map(\.value) }, indices: accumulator.lists.flatMap { $0.map(\.index) },
                      targetBest: accumulator.targetBest, rowBest: accumulator.columnBest)
    }

    /// Whether rows of the range lie beyond its lists.
    var isPartial: Bool { length < rowCount }
}
