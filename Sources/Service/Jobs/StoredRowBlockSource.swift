import Foundation
import Selection
import Storage

/// A checkpoint's candidate rows streamed from SQLite in index order (design: never the whole
/// candidate matrix in memory). Use it inside the job's read snapshot, on the connection `db`
/// that snapshot belongs to; `JobContext.whileInterruptible { db.interrupt() }` makes a cancel
/// stop a long read.
///
/// With `prefetch`, a reader thread fills the next block while the method computes on the
/// current one (two block buffers), so reading and computing overlap. With `companions`
/// (connections in `db`'s snapshot: `DatabasePool.read(mapped:companions:)`), each block is cut
/// into one contiguous row range per connection and the ranges are read at once, one thread per
/// connection, so reading keeps pace with several workers; the rows delivered are the same.
///
/// `@unchecked Sendable`: `db` is used by one thread at a time: the caller's, or the reader
/// thread while the caller waits for or computes on a block it already holds; each companion
/// only by the reader task given its range.
final class StoredRowBlockSource: RowBlockSource, @unchecked Sendable {
    let db: Database
    let companions: [Database]
    /// Checked before each range read (`ReadInterruption` says why a flag is needed).
    let interruption: ReadInterruption?
    let checkpoint: CheckpointRecord
    let poolID: Int64
    let rowCount: Int
    let prefetch: Bool

    var dim: Int { checkpoint.dim }

    init(db: Database, companions: [Database] = [], interruption: ReadInterruption? = nil, checkpoint: CheckpointRecord,
         poolID: Int64, rowCount: Int, prefetch: Bool = true) {
        self.db = db
        self.companions = companions
        self.interruption = interruption
        self.checkpoint = checkpoint
        self.poolID = poolID
        self.rowCount = rowCount
        self.prefetch = prefetch
    }

    func forEachBlock(
        maxRows: Int, _ body: (_ start: Int, _ rows: Int, _ values: UnsafeBufferPointer<Float>) throws -> Void
    ) throws {
        let blockRows = max(1, maxRows)
        var delivered = 0
        let counted: (Int, Int, UnsafeBufferPointer<Float>) throws -> Void = { start, rows, values in
            guard start == delivered, delivered + rows <= self.rowCount else { throw self.shapeChanged() }
            try body(start, rows, values)
            delivered += rows
        }
        if prefetch, rowCount > blockRows || !companions.isEmpty {
            try readAhead(blockRows: blockRows, counted)
        } else {
            try db.forEachBlock(checkpoint: checkpoint, poolID: poolID, rows: blockRows, counted)
        }
        guard delivered == rowCount else { throw shapeChanged() }
    }

    /// The snapshot holds the pool still; a different row count means the caller broke that.
    func shapeChanged() -> StorageError {
        StorageError.corrupt("checkpoint '\(checkpoint.label)' no longer has \(rowCount) rows in index order")
    }
}
