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

    /// Reader thread: small SQLite steps gathered into full blocks, each published when full.
    private func fill(_ pipe: Pipe, blockRows: Int) throws {
        var slot = try pipe.takeFree()
        var slotStart = 0
        var slotRows = 0
        let d = dim
        try db.forEachBlock(checkpoint: checkpoint, poolID: poolID, rows: min(Self.stagingRows, blockRows)) { _, rows, values in
            var copied = 0
            while copied < rows {
                let take = min(rows - copied, blockRows - slotRows)
                let destination = pipe.slot(slot).baseAddress! + slotRows * d
                let source = values.baseAddress! + copied * d
                destination.update(from: source, count: take * d)
                copied += take
                slotRows += take
                if slotRows == blockRows {
                    pipe.publish(slot: slot, start: slotStart, rows: slotRows)
                    slotStart += slotRows
                    slotRows = 0
                    slot = try pipe.takeFree()
                }
            }
        }
        if slotRows > 0 { pipe.publish(slot: slot, start: slotStart, rows: slotRows) } else { pipe.release(slot) }
    }
}
