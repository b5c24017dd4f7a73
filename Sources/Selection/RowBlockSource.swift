import LinearAlgebra

/// Rows of float32 vectors delivered in blocks, in index order. The job runner implements it over
/// SQLite (rows streamed into one reused buffer); tests and small requests use `MatrixRowSource`.
/// A method may call `forEachBlock` more than once (TAROT makes two passes).
public protocol RowBlockSource: Sendable {
    var rowCount: Int { get }
    var dim: Int { get }
    /// Calls `body(start, rows, values)` for consecutive blocks of at most `maxRows` rows;
    /// `values` holds `rows * dim` floats, row-major, valid only during the call.
    func forEachBlock(
        maxRows: Int, _ body: (_ start: Int, _ rows: Int, _ values: UnsafeBufferPointer<Float>) throws -> Void
    ) throws
}

/// A `RowBlockSource` over an in-memory matrix (no copy per block).
public struct MatrixRowSource: RowBlockSource {
    public let matrix: Matrix

    public init(_ matrix: Matrix) { self.matrix = matrix }

    public var rowCount: Int { matrix.rows }
    public var dim: Int { matrix.cols }

    public func forEachBlock(
        maxRows: Int, _ body: (_ start: Int, _ rows: Int, _ values: UnsafeBufferPointer<Float>) throws -> Void
    ) throws {
        let step = max(1, maxRows)
        try matrix.values.withUnsafeBufferPointer { all in
            var start = 0
            while start < matrix.rows {
                let rows = min(step, matrix.rows - start)
                let slice = UnsafeBufferPointer(rebasing: all[(start * matrix.cols)..<((start + rows) * matrix.cols)])
                try body(start, rows, slice)
                start += rows
            }
        }
    }
}
