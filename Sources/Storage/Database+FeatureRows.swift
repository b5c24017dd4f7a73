extension Database {
    /// Reading by (checkpoint_id, item_id) is index order: item ids grow with insertion and a
    /// complete checkpoint has exactly one row per live item.
    private static let vectorsInIndexOrder = "SELECT vector FROM feature_rows WHERE checkpoint_id = ? ORDER BY item_id"
    /// One contiguous range of index positions: the rows of the items whose ids lie between the
    /// range's first and last item id (the pool's ids in between are exactly the range's).
    private static let vectorsInItemRange =
        "SELECT vector FROM feature_rows WHERE checkpoint_id = ? AND item_id BETWEEN ? AND ? ORDER BY item_id"

    /// Streams a complete checkpoint in index order, `blockSize` rows at a time, through ONE reused
    /// buffer of blockSize x dim floats: `body(startIndex, rowCount, rows)`; the buffer is only valid
    /// during the call. Throws `featureIncomplete` naming the first item without a row, and
    /// SQLITE_INTERRUPT when `interrupt()` is called from another thread. Run it inside `read { }`
    /// (one snapshot) so the completeness check and the rows agree.
    public func forEachBlock(checkpoint: CheckpointRecord, poolID: Int64, rows blockSize: Int,
                             _ body: (Int, Int, UnsafeBufferPointer<Float>) throws -> Void) throws {
        guard blockSize > 0 else { throw StorageError.invalidArgument(parameter: "rows", reason: "must be at least 1") }
        _ = try requireComplete(checkpoint, poolID: poolID)
        var block = [Float](repeating: 0, count: blockSize * checkpoint.dim)
        try block.withUnsafeMutableBufferPointer { buffer in
            var start = 0
            var filled = 0
            try forEachVector(checkpoint) {
                if filled == blockSize {
                    try body(start, filled, UnsafeBufferPointer(buffer))
                    start += filled
                    filled = 0
                }
                defer { filled += 1 }
                return buffer.baseAddress.map { $0 + filled * checkpoint.dim }
            }
            if filled > 0 { try body(start, filled, UnsafeBufferPointer(rebasing: buffer[0..<(filled * checkpoint.dim)])) }
        }
    }

    /// Reads a complete checkpoint into `destination` (at least rows x dim floats, row-major, index
    /// order) and returns the row count. Same errors as `forEachBlock`.
    @discardableResult
    public func readMatrix(checkpoint: CheckpointRecord, poolID: Int64,
                           into destination: UnsafeMutableBufferPointer<Float>) throws -> Int {
        let rows = try requireComplete(checkpoint, poolID: poolID)
        guard destination.count >= rows * checkpoint.dim else {
            throw StorageError.invalidArgument(parameter: "destination",
                                               reason: "holds \(destination.count) floats, needs \(rows * checkpoint.dim)")
        }
        try forEachRow(checkpoint: checkpoint, poolID: poolID) { row in destination.baseAddress.map { $0 + row * checkpoint.dim } }
        return rows
    }

    /// Streams a complete checkpoint in index order straight into the caller's memory:
    /// `destination(index)` says where row `index` goes (dim floats; nil skips the row). For a
    /// reader that fills buffers of its own (no block buffer here, no second copy). Returns the
    /// row count. Same errors as `forEachBlock`.
    @discardableResult
    public func forEachRow(checkpoint: CheckpointRecord, poolID: Int64,
                           into destination: (_ index: Int) throws -> UnsafeMutablePointer<Float>?) throws -> Int {
        let rows = try requireComplete(checkpoint, poolID: poolID)
        var index = 0
        try forEachVector(checkpoint) {
            defer { index += 1 }
            return index < rows ? try destination(index) : nil
        }
        return rows
    }

    /// Reads a complete checkpoint into one freshly allocated matrix.
    public func readMatrix(checkpoint: CheckpointRecord, poolID: Int64) throws -> FeatureMatrix {
        let rows = try requireComplete(checkpoint, poolID: poolID)
        var values = [Float](repeating: 0, count: rows * checkpoint.dim)
        let read = try values.withUnsafeMutableBufferPointer {
            try readMatrix(checkpoint: checkpoint, poolID: poolID, into: $0)
        }
        return FeatureMatrix(rows: read, dim: checkpoint.dim, values: values)
    }

    /// Reads the rows of index positions `first ... first + count - 1` into `destination` (count x
    /// dim floats), given those positions' first and last item ids (`itemRowIDs`): how several
    /// connections in one snapshot each read their own row range of a block. Check completeness
    /// once with `completeRowCount` first. A range holding another number of rows is corruption
    /// (or a caller outside the snapshot the ids came from).
    public func readRows(checkpoint: CheckpointRecord, itemIDs: ClosedRange<Int64>, count: Int,
                         into destination: UnsafeMutablePointer<Float>) throws {
        var read = 0
        try forEachVector(checkpoint, Self.vectorsInItemRange, [.integer(itemIDs.lowerBound), .integer(itemIDs.upperBound)]) {
            defer { read += 1 }
            guard read < count else {
                throw StorageError.corrupt("checkpoint '\(checkpoint.label)' has more than \(count) rows for items \(itemIDs)")
            }
            return destination + read * checkpoint.dim
        }
        guard read == count else {
            throw StorageError.corrupt("checkpoint '\(checkpoint.label)' has \(read) rows for items \(itemIDs), expected \(count)")
        }
    }

    /// The checkpoint's row count (the pool's live items) when every item has a row;
    /// `featureIncomplete` naming the first item without one otherwise.
    public func completeRowCount(checkpoint: CheckpointRecord, poolID: Int64) throws -> Int {
        try requireComplete(checkpoint, poolID: poolID)
    }

    /// The live item count when every item has a row; `featureIncomplete` otherwise.
    private func requireComplete(_ checkpoint: CheckpointRecord, poolID: Int64) throws -> Int {
        let items = try itemCount(poolID: poolID)
        guard try featureRowCount(checkpointID: checkpoint.id) == items else {
            guard let missing = try firstItemWithoutRow(checkpointID: checkpoint.id, poolID: poolID) else {
                throw StorageError.corrupt("checkpoint '\(checkpoint.label)' has rows of items outside its pool")
            }
            throw StorageError.featureIncomplete(checkpoint: checkpoint.label, firstMissingItemID: missing.extID,
                                                 index: missing.index)
        }
        return items
    }

    /// Steps through the checkpoint's vectors in index order, memcpy-ing each into the row pointer
    /// `destination` hands back (nil skips the row). A BLOB of the wrong size is corruption.
    /// `sql` selects the vectors; its first parameter is the checkpoint id, `more` the rest.
    private func forEachVector(_ checkpoint: CheckpointRecord, _ sql: String = vectorsInIndexOrder, _ more: [SQLValue] = [],
                               _ destination: () throws -> UnsafeMutablePointer<Float>?) throws {
        let statement = try prepare(sql)
        try statement.bind(checkpoint.id, at: 1)
        for (offset, value) in more.enumerated() { try statement.bind(value, at: Int32(offset + 2)) }
        let rowBytes = checkpoint.dim * MemoryLayout<Float>.size
        while try statement.step() {
            guard let row = try destination() else { continue }
            let bytes = statement.copyBlob(at: 0, into: UnsafeMutableRawPointer(row), capacity: rowBytes)
            guard bytes == rowBytes else {
                throw StorageError.corrupt("checkpoint '\(checkpoint.label)' has a row of \(bytes) bytes, expected \(rowBytes)")
            }
        }
    }
}
