import HTTP
import Storage

/// A streamed `.npy` upload in two phases. `stage`, with no lock held: the header is checked against
/// the snapshot (row count, dim) before any row is read, then each row is decoded, checked for
/// NaN/±Inf and appended as float32 to the staging file. `write`, under the writer lock: the pool is
/// re-checked and the staged rows replace the checkpoint's in one transaction.
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

    /// Validates the whole body into a staging file in `directory` (one float32 row per item, index
    /// order); the first bad byte fails the upload with nothing written anywhere.
    static func stage(_ body: HTTPRequestBody, snapshot: FeatureUploadSnapshot, upload: FeatureUploadRequest,
                      directory: String) throws -> FeatureUploadStagingFile {
        let (header, rest) = try readHeader(body)
        guard header.rows == snapshot.items.count else {
            throw APIError.invalid(
                "the array has \(header.rows) rows; pool '\(snapshot.pool.name)' has \(snapshot.items.count) items (one row per item, in index order)",
                param: "body", code: "shape_mismatch")
        }
        try snapshot.requireDim(header.columns, param: "body", label: upload.checkpoint)
        let staging = try FeatureUploadStagingFile(directory: directory, recordBytes: header.columns * MemoryLayout<Float>.size)
        var decoder = NPYRowDecoder(header: header)
        let append = { (_: Int, row: UnsafeBufferPointer<Float>) throws in try staging.append(UnsafeRawBufferPointer(row)) }
        try decoder.feed(rest, append)
        while let chunk = try body.read(upTo: chunkBytes) {
            try chunk.withUnsafeBytes { try decoder.feed($0, append) }
        }
        try decoder.finish()
        return staging
    }

    /// Replaces the checkpoint's rows with the staged ones: row i goes to the item of index i. Call
    /// inside `DatabasePool.write`; a 409 if the items changed since the snapshot.
    static func write(_ db: Database, snapshot: FeatureUploadSnapshot, upload: FeatureUploadRequest,
                      staging: FeatureUploadStagingFile) throws -> PoolRecord {
        try db.transaction {
            let pool = try FeatureUploadConflict.requireSamePool(db, snapshot)
            try FeatureUploadConflict.requireSameItems(db, snapshot)
            let dim = staging.recordBytes / MemoryLayout<Float>.size
            let checkpoint = try FeatureUploadTarget.checkpoint(db, pool: pool, upload: upload, dim: dim)
            let writer = try FeatureRowWriter(db: db, checkpoint: checkpoint, mode: .replaceAll)
            var index = 0
            try staging.forEachRecord { row in
                try writer.append(itemRowID: snapshot.items[index].rowID, vectorBytes: row)
                index += 1
            }
            try writer.commit()
            return pool
        }
    }
}
