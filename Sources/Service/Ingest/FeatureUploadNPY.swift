import HTTP
import Storage

/// A streamed `.npy` upload: the header is read before the writer lock is taken, then the rows go
/// from the socket through one row buffer into `FeatureRowWriter`, in one transaction.
enum FeatureUploadNPY {
    static let chunkBytes = 1 << 20

    /// Reads the body only as far as its header; returns it with the data bytes already received.
    static func readHeader(_ body: HTTPRequestBody) throws -> (header: NPYHeader, rest: [UInt8]) {
        var reader = NPYHeaderReader()
        while let chunk = try body.read(upTo: 4096) {
            if let (header, rest) = try reader.consume(chunk) { return (header, Array(rest)) }
        }
        throw reader.endedEarly()
    }

    /// Replaces the checkpoint's rows with the array's: row i goes to the item of index i. Call
    /// inside `DatabasePool.write`; nothing is kept unless every row arrived and was valid.
    static func write(_ db: Database, pool: PoolRecord, upload: FeatureUploadRequest, header: NPYHeader,
                      rest: [UInt8], body: HTTPRequestBody) throws {
        try db.transaction {
            let items = try db.itemKeys(poolID: pool.id)
            guard header.rows == items.count else {
                throw APIError.invalid(
                    "the array has \(header.rows) rows; pool '\(pool.name)' has \(items.count) items (one row per item, in index order)",
                    param: "body", code: "shape_mismatch")
            }
            let checkpoint = try FeatureUploadTarget.checkpoint(db, pool: pool, upload: upload, dim: header.columns,
                                                                dimParam: "body")
            let writer = try FeatureRowWriter(db: db, checkpoint: checkpoint, mode: .replaceAll)
            var decoder = NPYRowDecoder(header: header)
            let append = { (index: Int, row: UnsafeBufferPointer<Float>) throws in
                try writer.append(itemRowID: items[index].rowID, vector: row)
            }
            try decoder.feed(rest, append)
            while let chunk = try body.read(upTo: chunkBytes) {
                try chunk.withUnsafeBytes { try decoder.feed($0, append) }
            }
            try decoder.finish()
            try writer.commit()
        }
    }
}
