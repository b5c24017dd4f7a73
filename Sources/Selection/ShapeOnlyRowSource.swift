/// The candidates of a sharded run's reduce: their shape without their rows, which stayed in the
/// shards. Reading it is a programming error reported as such: with `SelectionInput.mapped` set,
/// no method streams its candidates.
public struct ShapeOnlyRowSource: RowBlockSource {
    public let rowCount: Int
    public let dim: Int

    public init(rowCount: Int, dim: Int) {
        self.rowCount = rowCount
        self.dim = dim
    }

    public func forEachBlock(
        maxRows: Int, _ body: (_ start: Int, _ rows: Int, _ values: UnsafeBufferPointer<Float>) throws -> Void
    ) throws {
        throw SelectionError(.shapeMismatch, "the candidates of a sharded run are read by its map steps, not by the reduce", parameter: "candidates")
    }
}
