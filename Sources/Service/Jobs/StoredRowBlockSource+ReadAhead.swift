import Foundation
import Selection
import Storage

extension StoredRowBlockSource {
    /// Two block buffers (one when a single block holds every row): the reader thread fills one
    /// while `body` runs on the other. The reader always finishes before this returns (the
    /// connections are the caller's again), also when `body` throws or the read is interrupted.
    func readAhead(blockRows: Int, _ body: (Int, Int, UnsafeBufferPointer<Float>) throws -> Void) throws {
        let slotRows = min(blockRows, rowCount)
        let pipe = Pipe(slotCount: rowCount > blockRows ? 2 : 1, slotFloats: slotRows * dim)
        let reader = Thread { [self] in
            defer { pipe.finishProducing() }
            do {
                if companions.isEmpty {
                    try fill(pipe, blockRows: blockRows)
                } else {
                    try fillByRanges(pipe, blockRows: blockRows)
                }
            } catch is Pipe.Stopped {
            } catch {
                pipe.fail(error)
            }
        }
        reader.name = "shortlist-block-reader"
        reader.start()
        defer {
            pipe.stopConsuming()
            pipe.waitUntilProducerFinished()
        }
        while let block = pipe.nextFilled() {
            try body(block.start, block.rows, UnsafeBufferPointer(rebasing: pipe.slot(block.slot)[0..<(block.rows * dim)]))
            pipe.release(block.slot)
        }
        if let error = pipe.failure { throw error }
    }

    /// Reader thread: SQLite copies each row straight into the free buffer being filled; a full
    /// buffer is published when the next row needs room (the last one, full or not, at the end).
    private func fill(_ pipe: Pipe, blockRows: Int) throws {
        var slot = try pipe.takeFree()
        var slotStart = 0
        var slotRows = 0
        let d = dim
        try db.forEachRow(checkpoint: checkpoint, poolID: poolID) { _ in
            if slotRows == blockRows {
                pipe.publish(slot: slot, start: slotStart, rows: slotRows)
                slotStart += slotRows
                slotRows = 0
                slot = try pipe.takeFree()
            }
            defer { slotRows += 1 }
            return pipe.slot(slot).baseAddress.map { $0 + slotRows * d }
        }
        if slotRows > 0 { pipe.publish(slot: slot, start: slotStart, rows: slotRows) } else { pipe.release(slot) }
    }

    /// Reader thread with companions: each block is cut into one contiguous row range per
    /// connection (a partition of the block, fixed by its size), and the ranges are read at once
    /// by a `WorkerPool` made on this thread (its helpers inherit the job's lower priority).
    private func fillByRanges(_ pipe: Pipe, blockRows: Int) throws {
        let connections = [db] + companions
        guard try db.completeRowCount(checkpoint: checkpoint, poolID: poolID) == rowCount else { throw shapeChanged() }
        let ids = try db.itemRowIDs(poolID: poolID)
        guard ids.count == rowCount else { throw shapeChanged() }
        let readers = WorkerPool(width: connections.count)
        let d = dim
        for start in stride(from: 0, to: rowCount, by: blockRows) {
            let slot = try pipe.takeFree()
            let rows = min(blockRows, rowCount - start)
            let ranges = WorkerPool.ranges(rows, size: (rows + connections.count - 1) / connections.count)
            let base = pipe.slot(slot).baseAddress!
            do {
                try readers.forEach(ranges.count) { task, _ in
                    try interruption?.check()
                    let range = ranges[task]
                    try connections[task].readRows(
                        checkpoint: checkpoint, itemIDs: ids[start + range.lowerBound]...ids[start + range.upperBound - 1],
                        count: range.count, into: base + range.lowerBound * d)
                }
            } catch {
                pipe.release(slot)
                throw error
            }
            pipe.publish(slot: slot, start: start, rows: rows)
        }
    }
}
