import JSON

/// One `.npy` shard of a manifest: rows `rowOffset ..< rowOffset + rows` of the checkpoint, in
/// `file` (relative to the manifest), `bytes` long, with the SHA-256 of the whole file.
struct ShardEntry: Sendable, Equatable {
    let file: String
    let rowOffset: Int
    let rows: Int
    let bytes: Int
    let sha256: String

    var json: JSONValue {
        .object([
            "file": .string(file), "row_offset": .int(rowOffset), "rows": .int(rows), "bytes": .int(bytes), "sha256": .string(sha256),
        ])
    }
}

extension ShardEntry {
    /// Reads what `json` wrote.
    init(_ value: JSONValue) throws {
        guard let file = value["file"]?.stringValue, let rowOffset = value["row_offset"]?.intValue, let rows = value["rows"]?.intValue,
              let bytes = value["bytes"]?.intValue, let sha256 = value["sha256"]?.stringValue else {
            throw EngineError("a manifest shard lacks file, row_offset, rows, bytes or sha256")
        }
        self.init(file: file, rowOffset: rowOffset, rows: rows, bytes: bytes, sha256: sha256)
    }
}
