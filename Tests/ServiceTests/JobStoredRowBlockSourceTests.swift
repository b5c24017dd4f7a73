import Foundation
import LinearAlgebra
import PropertyBased
@testable import Service
import Storage
import Testing

/// The SQLite-backed candidate source: blocks in order, each at most `maxRows`, exactly the
/// stored rows, with and without the read-ahead thread; errors and interrupts end the stream
/// cleanly and leave the connection usable.
@Suite struct JobStoredRowBlockSourceTests {
    static let n = 157
    static let d = 3

    final class Store: @unchecked Sendable {
        let directory: URL
        let database: DatabasePool
        let matrix: Matrix
        let checkpoint: CheckpointRecord
        let poolID: Int64

        init() throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("shortlist-rows-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            database = try DatabasePool(path: directory.appendingPathComponent("rows.db").path)
            matrix = SelectionTestData.matrix(rows: JobStoredRowBlockSourceTests.n, cols: JobStoredRowBlockSourceTests.d, seed: 5)
            try JobRestartTests.seed(db: database.path, candidates: matrix, targets: Matrix(rows: 1, cols: 3, repeating: 1), pool: database)
            (checkpoint, poolID) = try database.read { db in
                let pool = try db.requirePool(named: "cands")
                let feature = try #require(try db.feature(poolID: pool.id, name: "emb"))
                return (try db.checkpoints(featureID: feature.id)[0], pool.id)
            }
        }

        deinit { try? FileManager.default.removeItem(at: directory) }

        /// Every (start, rows, values) the source delivers.
        func blocks(maxRows: Int, prefetch: Bool) throws -> [(Int, Int, [Float])] {
            try database.read { db in
                let source = StoredRowBlockSource(db: db, checkpoint: checkpoint, poolID: poolID, rowCount: JobStoredRowBlockSourceTests.n, prefetch: prefetch)
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

    struct Stop: Error {}

    @Test(arguments: [true, false])
    func bodyThrowing_EndsTheStream_AndTheConnectionStaysUsable(prefetch: Bool) throws {
        let store = try Store()
        var seen = 0
        #expect(throws: Stop.self) {
            try store.database.read { db in
                let source = StoredRowBlockSource(db: db, checkpoint: store.checkpoint, poolID: store.poolID, rowCount: Self.n, prefetch: prefetch)
                try source.forEachBlock(maxRows: 10) { _, _, _ in
                    seen += 1
                    if seen == 3 { throw Stop() }
                }
            }
        }
        #expect(seen == 3)
        #expect(try store.blocks(maxRows: 50, prefetch: prefetch).flatMap(\.2) == store.matrix.values)
    }

    @Test(arguments: [true, false])
    func interrupt_StopsTheRead_WithSQLiteInterrupt(prefetch: Bool) throws {
        let store = try Store()
        do {
            try store.database.read { db in
                let source = StoredRowBlockSource(db: db, checkpoint: store.checkpoint, poolID: store.poolID, rowCount: Self.n, prefetch: prefetch)
                try source.forEachBlock(maxRows: 4) { start, _, _ in
                    if start == 0 { db.interrupt() }
                }
            }
            Issue.record("the read was not interrupted")
        } catch let error as SQLiteError {
            #expect(error.isInterrupt)
        }
        #expect(try store.blocks(maxRows: 50, prefetch: prefetch).flatMap(\.2) == store.matrix.values)
    }
}
