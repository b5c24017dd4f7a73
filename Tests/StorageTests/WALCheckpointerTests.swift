import Foundation
import Testing
@testable import Storage

/// Commits leave the WAL checkpoint to a background connection: the rows reach the database file
/// after the commit returned, once the WAL passes the configured number of pages.
@Suite struct WALCheckpointerTests {
    static func databaseFileBytes(_ file: TemporaryDatabase) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0
    }

    static func openPool(_ file: TemporaryDatabase, backgroundPages: Int?) throws -> DatabasePool {
        try DatabasePool(path: file.path, configuration: DatabaseConfiguration(readerCount: 1, backgroundCheckpointPages: backgroundPages))
    }

    /// 400 rows x 4 KiB = 1.6 MB of WAL: ~100 pages of 16 KiB, below SQLite's own 1,000-page threshold.
    static func writeRows(_ pool: DatabasePool) throws -> (PoolRecord, CheckpointRecord) {
        try pool.write { try Fixtures.filledCheckpoint($0, count: 400, dim: 1024) }
    }

    @Test func aCommitPastTheThreshold_IsCheckpointedIntoTheDatabaseFile_InTheBackground() throws {
        let file = try TemporaryDatabase()
        let pool = try Self.openPool(file, backgroundPages: 10)
        let (created, checkpoint) = try Self.writeRows(pool)
        pool.drainCheckpoints()
        #expect(try Self.databaseFileBytes(file) >= 400 * 1024 * 4)
        let rows = try pool.read { try $0.readMatrix(checkpoint: checkpoint, poolID: created.id) }
        #expect(rows.rows == 400 && rows.values == (0..<400).flatMap { Fixtures.vector(row: $0, dim: 1024) })
    }

    @Test func aCommitBelowTheThreshold_StaysInTheWAL_AndIsStillReadable() throws {
        let file = try TemporaryDatabase()
        let pool = try Self.openPool(file, backgroundPages: 100_000)
        let (created, checkpoint) = try Self.writeRows(pool)
        pool.drainCheckpoints()
        #expect(try Self.databaseFileBytes(file) < 400 * 1024 * 4)
        #expect(try pool.read { try $0.readMatrix(checkpoint: checkpoint, poolID: created.id).rows } == 400)
    }

    @Test func withoutABackgroundThreshold_SQLitesOwnAutocheckpointApplies() throws {
        let file = try TemporaryDatabase()
        let pool = try Self.openPool(file, backgroundPages: nil)
        try pool.write { try $0.execute("PRAGMA wal_autocheckpoint = 10") }
        _ = try Self.writeRows(pool)
        #expect(try Self.databaseFileBytes(file) >= 400 * 1024 * 4)
    }
}
