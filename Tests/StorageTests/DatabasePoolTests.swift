import Foundation
import Testing
@testable import Storage

@Suite struct DatabasePoolTests {
    @Test func readers_RunConcurrentlyWithAnOpenWriteTransaction_AndSeeTheLastCommit() throws {
        let file = try TemporaryDatabase()
        let pool = try file.openPool(readers: 3)
        let (created, checkpoint) = try pool.write { try Fixtures.filledCheckpoint($0, count: 50, dim: 4) }
        let writerOpen = DispatchSemaphore(value: 0)
        let readersDone = DispatchSemaphore(value: 0)
        let writer = Thread {
            try? pool.write { db in
                let rewrite = try FeatureRowWriter(db: db, checkpoint: checkpoint, mode: .replaceAll)
                writerOpen.signal()
                // Hold the write transaction open until every reader has finished.
                readersDone.wait()
                rewrite.rollback()
            }
        }
        writer.start()
        writerOpen.wait()
        let results = ResultBox()
        DispatchQueue.concurrentPerform(iterations: 3) { _ in
            let rows = try? pool.read { try $0.readMatrix(checkpoint: checkpoint, poolID: created.id).rows }
            results.append(rows ?? -1)
        }
        readersDone.signal()
        #expect(results.values == [50, 50, 50])
    }

    @Test func unmappedRead_ReadsTheSameRowsWithoutMmap_AndTheReaderGetsItsMmapBack() throws {
        let file = try TemporaryDatabase()
        let pool = try file.openPool(readers: 1)
        let (created, checkpoint) = try pool.write { try Fixtures.filledCheckpoint($0, count: 300, dim: 64) }
        let mapped = try pool.read { db in
            (try db.fetchInt("PRAGMA mmap_size"), try db.readMatrix(checkpoint: checkpoint, poolID: created.id))
        }
        let unmapped = try pool.read(mapped: false) { db in
            (try db.fetchInt("PRAGMA mmap_size"), try db.readMatrix(checkpoint: checkpoint, poolID: created.id))
        }
        let after = try pool.read { try $0.fetchInt("PRAGMA mmap_size") }
        #expect(mapped.0 == DatabaseConfiguration().mmapSize)
        #expect(unmapped.0 == 0)
        #expect(unmapped.1.values == mapped.1.values)
        #expect(unmapped.1.rows == 300)
        #expect(after == mapped.0)
    }

    @Test func concurrentWrites_Serialize_SoEveryUploadLandsWhole() throws {
        let file = try TemporaryDatabase()
        let pool = try file.openPool()
        let (created, checkpoint) = try pool.write { try Fixtures.filledCheckpoint($0, count: 200, dim: 4) }
        DispatchQueue.concurrentPerform(iterations: 4) { upload in
            try? pool.write { db in
                let writer = try FeatureRowWriter(db: db, checkpoint: checkpoint, mode: .replaceAll)
                for key in try db.itemKeys(poolID: created.id) {
                    try writer.append(itemRowID: key.rowID, vector: [Float](repeating: Float(upload), count: 4))
                }
                try writer.commit()
            }
        }
        let values = try pool.read { try $0.readMatrix(checkpoint: checkpoint, poolID: created.id).values }
        // Never an interleaving: every row comes from the same (last) upload.
        #expect(Set(values).count == 1)
        #expect(values.count == 800)
    }

    @Test func readerConnections_RefuseWrites() throws {
        let file = try TemporaryDatabase()
        let pool = try file.openPool()
        #expect(throws: SQLiteError.self) { try pool.read { _ = try $0.createPool(name: "x") } }
    }

    @Test func moreConcurrentReadsThanReaders_AllComplete() throws {
        let file = try TemporaryDatabase()
        let pool = try file.openPool(readers: 1)
        try pool.write { _ = try $0.createPool(name: "p") }
        let results = ResultBox()
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            results.append((try? pool.read { try $0.storageCounts().pools }) ?? -1)
        }
        #expect(results.values == Array(repeating: 1, count: 8))
    }
}

/// Collects values from concurrent closures (NSLock-guarded, hence `@unchecked Sendable`).
final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [Int] = []

    var values: [Int] { lock.withLock { stored } }
    func append(_ value: Int) { lock.withLock { stored.append(value) } }
}
