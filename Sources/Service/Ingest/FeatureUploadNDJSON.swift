import HTTP
import JSON
import Selection
import Storage

/// A streamed NDJSON upload of lines `{"id", "vector"}` that upsert those items' rows, in two
/// phases like `FeatureUploadNPY`: `stage` validates every line against the snapshot (ids, repeats,
/// dim, finiteness) into a staging file of (item row id, float32 vector) records with no lock held;
/// `write` re-checks the pool and upserts them in one transaction under the writer lock.
enum FeatureUploadNDJSON {
    static let fields: Set<String> = ["id", "vector"]

    /// What `stage` validated: the records, and the row ids they name (each once).
    struct Staged {
        let staging: FeatureUploadStagingFile
        let rowIDs: [Int64]
        var dim: Int { (staging.recordBytes - MemoryLayout<Int64>.size) / MemoryLayout<Float>.size }
    }

    /// One bad line (named `line N`) fails the upload with nothing written. The first line fixes a
    /// new checkpoint's dim.
    static func stage(_ body: HTTPRequestBody, snapshot: FeatureUploadSnapshot, upload: FeatureUploadRequest,
                      directory: String, limit: Int) throws -> Staged {
        var rowIDs: [String: Int64] = [:]
        rowIDs.reserveCapacity(snapshot.items.count)
        for key in snapshot.items { rowIDs[key.extID] = key.rowID }
        var seen: [Int64: Int] = [:]
        var staging: FeatureUploadStagingFile?
        var lines = NDJSONLineReader(body: body, limit: limit)
        while let (n, bytes) = try lines.next() {
            let (id, vector) = try parseLine(bytes, number: n)
            guard let rowID = rowIDs[id] else {
                throw APIError.invalid("line \(n): no item \"\(id.prefix(80))\" in pool '\(snapshot.pool.name)'", param: "line \(n)")
            }
            if let first = seen.updateValue(n, forKey: rowID) {
                throw APIError.invalid("line \(n): item \"\(id.prefix(80))\" already has a vector on line \(first)", param: "line \(n)")
            }
            let file = try staging ?? firstStaging(snapshot, upload, dim: vector.count, line: n, directory: directory)
            staging = file
            let dim = (file.recordBytes - MemoryLayout<Int64>.size) / MemoryLayout<Float>.size
            guard vector.count == dim else {
                throw APIError.invalid("line \(n): the vector has \(vector.count) values; checkpoint '\(upload.checkpoint)' has dim \(dim)",
                                       param: "line \(n)", code: "shape_mismatch")
            }
            try withUnsafeBytes(of: rowID.littleEndian) { id in
                try vector.withUnsafeBytes { try file.append(id, $0) }
            }
        }
        guard let staging else { throw APIError.invalid("the body holds no vectors", param: "body") }
        return Staged(staging: staging, rowIDs: Array(seen.keys))
    }

    /// Upserts the staged rows. Call inside `DatabasePool.write`; a 409 if an item the body names
    /// left the pool since the snapshot.
    static func write(_ db: Database, snapshot: FeatureUploadSnapshot, upload: FeatureUploadRequest, staged: Staged) throws -> PoolRecord {
        try db.transaction {
            let pool = try FeatureUploadConflict.requireSamePool(db, snapshot)
            try FeatureUploadConflict.requireItemsStillPresent(db, snapshot, rowIDs: staged.rowIDs)
            let checkpoint = try FeatureUploadTarget.checkpoint(db, pool: pool, upload: upload, dim: staged.dim)
            let writer = try FeatureRowWriter(db: db, checkpoint: checkpoint, mode: .upsert)
            let idBytes = MemoryLayout<Int64>.size
            try staged.staging.forEachRecord { record in
                let rowID = Int64(littleEndian: record.loadUnaligned(as: Int64.self))
                try writer.append(itemRowID: rowID, vectorBytes: UnsafeRawBufferPointer(rebasing: record[idBytes...]))
            }
            try writer.commit()
            return pool
        }
    }

    /// The staging file sized by the first line's dim, once it is checked against the checkpoint's.
    private static func firstStaging(_ snapshot: FeatureUploadSnapshot, _ upload: FeatureUploadRequest, dim: Int, line n: Int,
                                     directory: String) throws -> FeatureUploadStagingFile {
        try snapshot.requireDim(dim, param: "line \(n)", label: upload.checkpoint)
        return try FeatureUploadStagingFile(directory: directory,
                                            recordBytes: MemoryLayout<Int64>.size + dim * MemoryLayout<Float>.size)
    }

    /// One line's id and finite float32 vector, every problem naming `line N`.
    static func parseLine(_ bytes: ArraySlice<UInt8>, number n: Int) throws(APIError) -> (id: String, vector: [Float]) {
        let param = "line \(n)"
        let value: JSONValue
        do {
            value = try bytes.withUnsafeBufferPointer { buffer throws(JSONParser.Failure) in try JSONParser.parse(buffer: buffer) }
        } catch { throw error.apiError(line: n) }
        guard case let .object(members) = value else { throw APIError.invalid("\(param) must be a JSON object", param: param) }
        for m in members where !fields.contains(m.key) {
            throw APIError.invalid("\(param): \(m.key) is not a field (id, vector)", param: param, code: "unknown_parameter")
        }
        guard case let .string(id)? = value["id"] else { throw APIError.invalid("\(param): id is required and must be a string", param: param) }
        try Names.requireItemID(id, param: param)
        guard case let .array(numbers)? = value["vector"] else {
            throw APIError.invalid("\(param): vector is required and must be an array of numbers", param: param)
        }
        guard !numbers.isEmpty else { throw APIError.invalid("\(param): vector must not be empty", param: param) }
        var vector: [Float] = []
        vector.reserveCapacity(numbers.count)
        for (j, number) in numbers.enumerated() {
            guard let d = number.doubleValue else { throw APIError.invalid("\(param): vector[\(j)] must be a number", param: param) }
            let f = Float(d)
            guard f.isFinite else {
                throw APIError.invalid("\(param): vector[\(j)] is not a finite float32", param: param, code: "non_finite_input")
            }
            vector.append(f)
        }
        return (id, vector)
    }
}
