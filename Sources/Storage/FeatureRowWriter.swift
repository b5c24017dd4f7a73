import CSQLite

#if _endian(big)
#error("feature rows are stored as little-endian float32; a big-endian host needs a byte-swapping writer")
#endif

/// Streams rows into one checkpoint inside one write transaction: all rows land, or none.
///
/// Create it inside `DatabasePool.write { db in ... }` so concurrent uploads serialize on the writer
/// lock. Append rows one at a time (each vector is bound straight from the caller's buffer with
/// SQLITE_STATIC), then `commit()`. `rollback()`, a throw, or dropping the writer without committing
/// rolls everything back and leaves the previous rows.
public final class FeatureRowWriter {
    private let db: Database
    public let checkpoint: CheckpointRecord
    private let insert: Statement
    private let poolItemRowIDs: Set<Int64>
    private let ownsTransaction: Bool
    private var open = true
    public private(set) var rowsWritten = 0

    public init(db: Database, checkpoint: CheckpointRecord, mode: FeatureWriteMode) throws {
        self.db = db
        self.checkpoint = checkpoint
        ownsTransaction = db.isAutocommit
        try db.execute(ownsTransaction ? "BEGIN IMMEDIATE" : "SAVEPOINT feature_row_writer")
        do {
            if mode == .replaceAll {
                try db.execute("DELETE FROM feature_rows WHERE checkpoint_id = ?", [.integer(checkpoint.id)])
            }
            // The pool's item ids, checked in memory: an INSERT ... SELECT that checked the pool per row
            // ran at ~0.65x the speed of a plain INSERT (bench/README-storage.md).
            poolItemRowIDs = Set(try db.fetchAll("""
                SELECT items.id FROM items WHERE items.pool_id = (SELECT features.pool_id FROM features WHERE features.id = ?)
                """, [.integer(checkpoint.featureID)]) { $0.int64(at: 0) })
            let insertRow = "INSERT INTO feature_rows (checkpoint_id, item_id, vector) VALUES (?, ?, ?)"
            insert = try db.prepare(mode == .replaceAll ? insertRow
                : insertRow + " ON CONFLICT (checkpoint_id, item_id) DO UPDATE SET vector = excluded.vector")
        } catch {
            db.rollbackIgnoringErrors(Self.rollbackSQL(ownsTransaction: ownsTransaction))
            throw error
        }
    }

    deinit { if open { abandon() } }

    /// Writes the row of the item with storage row id `itemRowID`. The vector must have exactly
    /// `checkpoint.dim` values; the item must be one of the checkpoint's pool (else
    /// `invalidArgument("itemRowID")`), and in `.replaceAll` mode appear once (else a unique violation).
    public func append(itemRowID: Int64, vector: UnsafeBufferPointer<Float>) throws {
        try append(itemRowID: itemRowID, vectorBytes: UnsafeRawBufferPointer(vector))
    }

    /// The same, from the row's little-endian float32 bytes as they lie in a caller's buffer (e.g. a
    /// batch read back from a staging file, where a row need not be aligned for `Float`).
    public func append(itemRowID: Int64, vectorBytes: UnsafeRawBufferPointer) throws {
        guard open else { throw StorageError.invalidArgument(parameter: "writer", reason: "already finished") }
        let rowBytes = checkpoint.dim * MemoryLayout<Float>.size
        guard vectorBytes.count == rowBytes, let base = vectorBytes.baseAddress else {
            throw StorageError.invalidArgument(
                parameter: "vector", reason: "has \(vectorBytes.count / MemoryLayout<Float>.size) values, the checkpoint's dim is \(checkpoint.dim)")
        }
        guard poolItemRowIDs.contains(itemRowID) else {
            throw StorageError.invalidArgument(parameter: "itemRowID", reason: "no item \(itemRowID) in the checkpoint's pool")
        }
        try insert.bind(checkpoint.id, at: 1)
        try insert.bind(itemRowID, at: 2)
        try insert.bindStatic(blob: base, byteCount: rowBytes, at: 3)
        // Reset before returning, success or not: SQLITE_STATIC must not outlive the caller's buffer.
        defer { insert.reset() }
        try insert.step()
        rowsWritten += 1
    }

    public func append(itemRowID: Int64, vector: [Float]) throws {
        try vector.withUnsafeBufferPointer { try append(itemRowID: itemRowID, vector: $0) }
    }

    public func commit() throws {
        guard open else { throw StorageError.invalidArgument(parameter: "writer", reason: "already finished") }
        open = false
        do {
            try db.execute(ownsTransaction ? "COMMIT" : "RELEASE feature_row_writer")
        } catch {
            rollbackTransaction()
            throw error
        }
    }

    public func rollback() {
        guard open else { return }
        abandon()
    }

    private func abandon() {
        open = false
        rollbackTransaction()
    }

    private func rollbackTransaction() {
        db.rollbackIgnoringErrors(Self.rollbackSQL(ownsTransaction: ownsTransaction))
    }

    /// Inside a caller's transaction the writer is a savepoint, and undoes only its own rows.
    private static func rollbackSQL(ownsTransaction: Bool) -> String {
        ownsTransaction ? "ROLLBACK" : "ROLLBACK TO feature_row_writer; RELEASE feature_row_writer"
    }
}
