import Foundation
import Testing
import TestSupport
@testable import Storage

@Suite struct FeatureStreamingTests {
    @Test func forEachBlock_Of20000x64_InBlocksOf1000_EqualsOneReadMatrix() throws {
        let file = try TemporaryDatabase()
        let pool = try file.openPool()
        let (created, checkpoint) = try pool.write { try Fixtures.filledCheckpoint($0, count: 20_000, dim: 64) }
        let matrix = try pool.read { try $0.readMatrix(checkpoint: checkpoint, poolID: created.id) }
        #expect(matrix.rows == 20_000)
        #expect(Array(matrix.values[(19_999 * 64)..<(20_000 * 64)]) == Fixtures.vector(row: 19_999, dim: 64))
        var streamed: [Float] = []
        var starts: [Int] = []
        try pool.read { db in
            try db.forEachBlock(checkpoint: checkpoint, poolID: created.id, rows: 1_000) { start, count, rows in
                #expect(count == 1_000)
                #expect(rows.count == count * 64)
                starts.append(start)
                streamed.append(contentsOf: rows)
            }
        }
        #expect(starts == Array(stride(from: 0, to: 20_000, by: 1_000)))
        #expect(streamed == matrix.values)
    }

    @Test func forEachRow_WritesEachRowWhereAsked_InIndexOrder_AndSkipsRowsGivenNoDestination() throws {
        let file = try TemporaryDatabase()
        let pool = try file.openPool()
        let (created, checkpoint) = try pool.write { try Fixtures.filledCheckpoint($0, count: 500, dim: 8) }
        let matrix = try pool.read { try $0.readMatrix(checkpoint: checkpoint, poolID: created.id) }
        // Odd rows go to a compact buffer in reverse order; even rows are skipped.
        var reversedOdd = [Float](repeating: -1, count: 250 * 8)
        var asked: [Int] = []
        let count = try reversedOdd.withUnsafeMutableBufferPointer { out in
            try pool.read { db in
                try db.forEachRow(checkpoint: checkpoint, poolID: created.id) { index in
                    asked.append(index)
                    return index % 2 == 1 ? out.baseAddress.map { $0 + (249 - index / 2) * 8 } : nil
                }
            }
        }
        #expect(count == 500)
        #expect(asked == Array(0..<500))
        for odd in stride(from: 1, to: 500, by: 2) {
            #expect(Array(reversedOdd[((249 - odd / 2) * 8)..<((250 - odd / 2) * 8)]) == Array(matrix.values[(odd * 8)..<((odd + 1) * 8)]))
        }
    }

    @Test func forEachBlock_WithAPartialLastBlock_ReportsItsTrueRowCount() throws {
        let file = try TemporaryDatabase()
        let pool = try file.openPool()
        let (created, checkpoint) = try pool.write { try Fixtures.filledCheckpoint($0, count: 7, dim: 3) }
        var blocks: [(Int, Int, [Float])] = []
        try pool.read { db in
            try db.forEachBlock(checkpoint: checkpoint, poolID: created.id, rows: 3) { blocks.append(($0, $1, Array($2))) }
        }
        #expect(blocks.map(\.0) == [0, 3, 6])
        #expect(blocks.map(\.1) == [3, 3, 1])
        #expect(blocks.last?.2 == Fixtures.vector(row: 6, dim: 3))
        #expect(throws: StorageError.invalidArgument(parameter: "rows", reason: "must be at least 1")) {
            try pool.read { try $0.forEachBlock(checkpoint: checkpoint, poolID: created.id, rows: 0) { _, _, _ in } }
        }
    }

    @Test func readMatrix_IntoABufferThatIsTooSmall_ThrowsNamingDestination() throws {
        let file = try TemporaryDatabase()
        let pool = try file.openPool()
        let (created, checkpoint) = try pool.write { try Fixtures.filledCheckpoint($0, count: 4, dim: 2) }
        var small = [Float](repeating: 0, count: 7)
        #expect(throws: StorageError.invalidArgument(parameter: "destination", reason: "holds 7 floats, needs 8")) {
            try small.withUnsafeMutableBufferPointer { buffer in
                try pool.read { try $0.readMatrix(checkpoint: checkpoint, poolID: created.id, into: buffer) }
            }
        }
    }

    @Test func emptyPool_ReadsAsAnEmptyMatrix_AndNoBlocks() throws {
        let file = try TemporaryDatabase()
        let pool = try file.openPool()
        let (created, checkpoint) = try pool.write { try Fixtures.filledCheckpoint($0, count: 0, dim: 4) }
        #expect(try pool.read { try $0.readMatrix(checkpoint: checkpoint, poolID: created.id) } == FeatureMatrix(rows: 0, dim: 4, values: []))
        var calls = 0
        try pool.read { try $0.forEachBlock(checkpoint: checkpoint, poolID: created.id, rows: 10) { _, _, _ in calls += 1 } }
        #expect(calls == 0)
    }

    @Test func streamingRead_IsInterrupted_FromAnotherThread() throws {
        let file = try TemporaryDatabase()
        let pool = try file.openPool()
        let (created, checkpoint) = try pool.write { try Fixtures.filledCheckpoint($0, count: 2_000, dim: 8) }
        let started = Flag()
        let interrupted = Flag()
        let error = try #require(throws: SQLiteError.self) {
            try pool.read { db in
                let stopper = Thread {
                    _ = eventually { started.isSet }
                    db.interrupt()
                    interrupted.set()
                }
                stopper.start()
                // The first block's callback waits until the interrupt has been sent: the read's
                // statement is still active then, so its next step must stop.
                try db.forEachBlock(checkpoint: checkpoint, poolID: created.id, rows: 10) { _, _, _ in
                    started.set()
                    _ = eventually { interrupted.isSet }
                }
            }
        }
        #expect(error.isInterrupt)
        // The connection is usable again afterwards.
        #expect(try pool.read { try $0.featureRowCount(checkpointID: checkpoint.id) } == 2_000)
    }
}
