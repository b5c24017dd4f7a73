import Foundation
import Storage

extension StoredRowBlockSource {
    /// Two block buffers: the reader thread fills one while `body` runs on the other. The reader
    /// always finishes before this returns (the connection is the caller's again), also when
    /// `body` throws or the read is interrupted.
    func readAhead(blockRows: Int, _ body: (Int, Int, UnsafeBufferPointer<Float>) throws -> Void) throws {
        let pipe = Pipe(slotCount: 2, slotFloats: blockRows * dim)
        let reader = Thread { [self] in
            defer { pipe.finishProducing() }
            do {
                try fill(pipe, blockRows: blockRows)
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
}
