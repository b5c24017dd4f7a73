import Foundation
import LinearAlgebra
import PropertyBased
@testable import Service
import Storage
import Testing
import TestSupport

/// The SQLite-backed candidate source: blocks in order, each at most `maxRows`, exactly the
/// stored rows, with and without the read-ahead thread and with companion connections reading
/// row ranges (in the same snapshot, whatever is committed meanwhile); errors and interrupts end
/// the stream cleanly and leave the connections usable.
@Suite struct JobStoredRowBlockSourceTests {
    static let n = 157
    static let d = 3

    final class Store: @unchecked Sendable {
        let temporary: TemporaryDirectory
        let database: DatabasePool
        let matrix: Matrix
        let checkpoint: CheckpointRecord
        let poolID: Int64

        init() throws {
            temporary = try TemporaryDirectory("rows")
            database = try DatabasePool(path: temporary.databasePath)
            matrix = SelectionTestData.matrix(rows: JobStoredRowBlockSourceTests.n, cols: JobStoredRowBlockSourceTests.d, seed: 5)
            try JobRestartTests.seed(db: database.path, candidates: matrix, targets: Matrix(rows: 1, cols: 3, repeating: 1), pool: database)
            (checkpoint, poolID) = try database.read { db in
                let pool = try db.requirePool(named: "cands")
                let feature = try #require(try db.feature(poolID: pool.id, name: "emb"))
                return (try db.checkpoints(featureID: feature.id)[0], pool.id)
            }
        }

        /// Every (start, rows, values) the source delivers, reading with `companions` more
        /// connections; `meanwhile` runs inside the snapshot before the first block is read.
        func blocks(maxRows: Int, prefetch: Bool, companions: Int = 0, meanwhile: () throws -> Void = {}) throws -> [(Int, Int, [Float])] {
            try database.read(mapped: false, companions: companions) { db, others in
                try meanwhile()
                let source = StoredRowBlockSource(db: db, companions: others, checkpoint: checkpoint, poolID: poolID,
                                                  rowCount: JobStoredRowBlockSourceTests.n, prefetch: prefetch)
                var out: [(Int, Int, [Float])] = []
                try source.forEachBlock(maxRows: maxRows) { start, rows, values in out.append((start, rows, Array(values))) }
                return out
            }
        }
    }

    @Test func blocks_AreConsecutive_AtMostMaxRows_AndTogetherTheStoredMatrix() async throws {
        let store = try Store()
        await propertyCheck(count: 60, input: Gen.int(in: 1...200), Gen.int(in: 0...1)) { maxRows, prefetch in
            let blocks = try store.blocks(maxRows: maxRows, prefetch: prefetch == 1)
            #expect(blocks.map(\.0) == Array(stride(from: 0, to: Self.n, by: maxRows)))
            #expect(blocks.allSatisfy { $0.1 <= maxRows && $0.2.count == $0.1 * Self.d })
            #expect(blocks.flatMap(\.2) == store.matrix.values)
        }
    }

    @Test func companions_ReadRowRanges_GivingTheSameBlocks() async throws {
        let store = try Store()
        await propertyCheck(count: 40, input: Gen.int(in: 1...200), Gen.int(in: 1...4)) { maxRows, companions in
            let blocks = try store.blocks(maxRows: maxRows, prefetch: true, companions: companions)
            #expect(blocks.map(\.0) == Array(stride(from: 0, to: Self.n, by: maxRows)))
            #expect(blocks.flatMap(\.2) == store.matrix.values)
        }
    }

    @Test func companions_SeeTheJobSnapshot_WhenItemsAreDeletedDuringTheRead() throws {
        let store = try Store()
        let blocks = try store.blocks(maxRows: 20, prefetch: true, companions: 3) {
            try store.database.write { db in try db.execute("DELETE FROM items WHERE id IN (SELECT id FROM items ORDER BY id LIMIT 5)") }
        }
        #expect(blocks.flatMap(\.2) == store.matrix.values)
        #expect(try store.database.read { try $0.itemRowIDs(poolID: store.poolID).count } == Self.n - 5)
    }

    struct Stop: Error {}

    @Test(arguments: [(true, 0), (false, 0), (true, 2)])
    func bodyThrowing_EndsTheStream_AndTheConnectionStaysUsable(prefetch: Bool, companions: Int) throws {
        let store = try Store()
        var seen = 0
        #expect(throws: Stop.self) {
            try store.database.read(mapped: false, companions: companions) { db, others in
                let source = StoredRowBlockSource(db: db, companions: others, checkpoint: store.checkpoint, poolID: store.poolID,
                                                  rowCount: Self.n, prefetch: prefetch)
                try source.forEachBlock(maxRows: 10) { _, _, _ in
                    seen += 1
                    if seen == 3 { throw Stop() }
                }
            }
        }
        #expect(seen == 3)
        #expect(try store.blocks(maxRows: 50, prefetch: prefetch).flatMap(\.2) == store.matrix.values)
    }

    @Test(arguments: [(true, 0), (false, 0), (true, 2)])
    func interrupt_StopsTheRead_WithSQLiteInterrupt(prefetch: Bool, companions: Int) throws {
        let store = try Store()
        do {
            try store.database.read(mapped: false, companions: companions) { db, others in
                let interruption = ReadInterruption(connections: [db] + others)
                let source = StoredRowBlockSource(db: db, companions: others, interruption: interruption, checkpoint: store.checkpoint,
                                                  poolID: store.poolID, rowCount: Self.n, prefetch: prefetch)
                try source.forEachBlock(maxRows: 4) { start, _, _ in
                    if start == 0 { interruption.interrupt() }
                }
            }
            Issue.record("the read was not interrupted")
        } catch let error as SQLiteError {
            #expect(error.isInterrupt)
        }
        #expect(try store.blocks(maxRows: 50, prefetch: prefetch).flatMap(\.2) == store.matrix.values)
    }
}
