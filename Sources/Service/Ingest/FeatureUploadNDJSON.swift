import HTTP
import Selection
import Storage

/// A streamed NDJSON upload: lines `{"id", "vector"}` upsert those items' rows, line by line into
/// `FeatureRowWriter`, in one transaction. The first line fixes a new checkpoint's dim.
enum FeatureUploadNDJSON {
    static let fields: Set<String> = ["id", "vector"]

    /// Call inside `DatabasePool.write`; one bad line (named `line N`) and nothing is kept.
    static func write(_ db: Database, pool: PoolRecord, upload: FeatureUploadRequest, body: HTTPRequestBody,
                      limit: Int) throws {
        try db.transaction {
            var rowIDs: [String: Int64] = [:]
            for key in try db.itemKeys(poolID: pool.id) { rowIDs[key.extID] = key.rowID }
            var seen: [Int64: Int] = [:]
            var writer: FeatureRowWriter?
            var lines = NDJSONLineReader(body: body, limit: limit)
            while let (n, bytes) = try lines.next() {
                let (id, vector) = try parseLine(bytes, number: n)
                guard let rowID = rowIDs[id] else {
                    throw APIError.invalid("line \(n): no item \"\(id.prefix(80))\" in pool '\(pool.name)'", param: "line \(n)")
                }
                if let first = seen.updateValue(n, forKey: rowID) {
                    throw APIError.invalid("line \(n): item \"\(id.prefix(80))\" already has a vector on line \(first)", param: "line \(n)")
                }
                let rowWriter = try writer ?? FeatureRowWriter(
                    db: db, checkpoint: try FeatureUploadTarget.checkpoint(db, pool: pool, upload: upload, dim: vector.count,
                                                                           dimParam: "line \(n)"),
                    mode: .upsert)
                writer = rowWriter
                guard vector.count == rowWriter.checkpoint.dim else {
                    throw APIError.invalid(
                        "line \(n): the vector has \(vector.count) values; checkpoint '\(rowWriter.checkpoint.label)' has dim \(rowWriter.checkpoint.dim)",
                        param: "line \(n)", code: "shape_mismatch")
                }
                try rowWriter.append(itemRowID: rowID, vector: vector)
            }
            guard let writer else { throw APIError.invalid("the body holds no vectors", param: "body") }
            try writer.commit()
        }
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
