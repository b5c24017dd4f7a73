extension Database {
    private static let itemColumns = "id, ext_id, question, answer, text, metadata"

    /// Inserts new ids at the end and replaces the fields of existing ids in place (their position
    /// is kept), all in one transaction with their questions' search rows. An id repeated within
    /// `items` counts as an update.
    @discardableResult
    public func upsertItems(poolID: Int64, _ items: [ItemInput]) throws -> UpsertCounts {
        try transaction {
            let before = try itemCount(poolID: poolID)
            for item in items {
                let rowID = try fetchOne("""
                    INSERT INTO items (pool_id, ext_id, question, answer, text, metadata) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (pool_id, ext_id) DO UPDATE SET question = excluded.question,
                        answer = excluded.answer, text = excluded.text, metadata = excluded.metadata
                    RETURNING id
                    """,
                    [.integer(poolID), .text(item.extID), .optionalText(item.question), .optionalText(item.answer),
                     .optionalText(item.text), .optionalText(item.metadata)]) { $0.int64(at: 0) }
                guard let rowID else { throw StorageError.notFound("item \(item.extID)") }
                try indexItemQuestion(poolID: poolID, rowID: rowID, question: item.question)
            }
            let inserted = try itemCount(poolID: poolID) - before
            return UpsertCounts(inserted: inserted, updated: items.count - inserted)
        }
    }

    public func itemCount(poolID: Int64) throws -> Int {
        try fetchInt("SELECT count(*) FROM items WHERE pool_id = ?", [.integer(poolID)])
    }

    /// The index an item of row id `rowID` has (or would have) in its pool: the live items before it.
    public func itemIndex(poolID: Int64, rowID: Int64) throws -> Int {
        try fetchInt("SELECT count(*) FROM items WHERE pool_id = ? AND id < ?", [.integer(poolID), .integer(rowID)])
    }

    public func item(poolID: Int64, extID: String) throws -> ItemRecord? {
        guard let rowID = try fetchOne("SELECT id FROM items WHERE pool_id = ? AND ext_id = ?",
                                       [.integer(poolID), .text(extID)], { $0.int64(at: 0) }) else { return nil }
        return try item(poolID: poolID, rowID: rowID, index: try itemIndex(poolID: poolID, rowID: rowID))
    }

    /// Deletes one item (its feature rows and its search row); the items after it shift down one index.
    @discardableResult
    public func deleteItem(poolID: Int64, extID: String) throws -> Bool {
        try transaction {
            let rowIDs = try fetchAll("DELETE FROM items WHERE pool_id = ? AND ext_id = ? RETURNING id", [.integer(poolID), .text(extID)]) {
                $0.int64(at: 0)
            }
            for rowID in rowIDs { try unindexItem(poolID: poolID, rowID: rowID) }
            return !rowIDs.isEmpty
        }
    }

    /// A page of items in index order; the cursor is the last row id seen.
    public func listItems(poolID: Int64, limit: Int, cursor: String? = nil) throws -> Page<ItemRecord> {
        try PageCursor.validate(limit: limit)
        let after = try cursor.map { try PageCursor.decodeInteger($0, kind: "items") } ?? 0
        let firstIndex = try itemIndex(poolID: poolID, rowID: after + 1)
        var index = firstIndex
        let rows = try fetchAll("SELECT \(Self.itemColumns) FROM items WHERE pool_id = ? AND id > ? ORDER BY id LIMIT ?",
                                [.integer(poolID), .integer(after), .int(limit + 1)]) { row -> ItemRecord in
            defer { index += 1 }
            return Self.itemRecord(row, index: index)
        }
        let page = Array(rows.prefix(limit))
        guard rows.count > limit, let last = page.last else { return Page(items: page, nextCursor: nil) }
        return Page(items: page, nextCursor: PageCursor.encode(kind: "items", key: last.rowID))
    }

    /// Every live item's (row id, ext id, index), in index order: what a job resolves when it starts.
    public func itemKeys(poolID: Int64) throws -> [ItemKey] {
        var index = 0
        return try fetchAll("SELECT id, ext_id FROM items WHERE pool_id = ? ORDER BY id", [.integer(poolID)]) { row in
            defer { index += 1 }
            return ItemKey(rowID: row.int64(at: 0), extID: row.text(at: 1), index: index)
        }
    }

    /// Every live item's row id, in index order (cheaper than `itemKeys` when ids are not needed).
    public func itemRowIDs(poolID: Int64) throws -> [Int64] {
        try fetchAll("SELECT id FROM items WHERE pool_id = ? ORDER BY id", [.integer(poolID)]) { $0.int64(at: 0) }
    }

    /// Every live item in index order, one at a time (e.g. to apply a metadata filter) without
    /// holding them all. Uses its own statement, so `body` may query the database.
    public func forEachItem(poolID: Int64, _ body: (ItemRecord) throws -> Void) throws {
        try forEachItem("SELECT \(Self.itemColumns) FROM items WHERE pool_id = ? ORDER BY id", [.integer(poolID)], firstIndex: 0, body)
    }

    /// The live items whose row ids lie in `rowIDs`, in index order; `firstIndex` is the index of
    /// the first of them. A streamed read of consecutive items by their row ids (`itemRowIDs`).
    public func forEachItem(poolID: Int64, rowIDs: ClosedRange<Int64>, firstIndex: Int, _ body: (ItemRecord) throws -> Void) throws {
        try forEachItem("SELECT \(Self.itemColumns) FROM items WHERE pool_id = ? AND id BETWEEN ? AND ? ORDER BY id",
                        [.integer(poolID), .integer(rowIDs.lowerBound), .integer(rowIDs.upperBound)], firstIndex: firstIndex, body)
    }

    private func forEachItem(_ sql: String, _ values: [SQLValue], firstIndex: Int, _ body: (ItemRecord) throws -> Void) throws {
        let statement = try prepare(sql)
        try statement.bind(values)
        var index = firstIndex
        while try statement.step() {
            try body(Self.itemRecord(statement, index: index))
            index += 1
        }
    }

    /// The items at `indices` (in the order given); an index outside 0..<N is an invalid "indices".
    public func items(poolID: Int64, indices: [Int]) throws -> [ItemRecord] {
        let keys = try itemKeys(poolID: poolID)
        return try indices.map { index in
            guard keys.indices.contains(index) else {
                throw StorageError.invalidArgument(parameter: "indices", reason: "index \(index) is not in 0..<\(keys.count)")
            }
            guard let record = try item(poolID: poolID, rowID: keys[index].rowID, index: index) else {
                throw StorageError.notFound("item at index \(index)")
            }
            return record
        }
    }

    /// The items with `rowIDs` (in the order given) that still exist in the pool.
    public func items(poolID: Int64, rowIDs: [Int64]) throws -> [ItemRecord] {
        try rowIDs.compactMap { rowID in
            try item(poolID: poolID, rowID: rowID, index: try itemIndex(poolID: poolID, rowID: rowID))
        }
    }

    private func item(poolID: Int64, rowID: Int64, index: Int) throws -> ItemRecord? {
        try fetchOne("SELECT \(Self.itemColumns) FROM items WHERE id = ? AND pool_id = ?",
                     [.integer(rowID), .integer(poolID)]) { Self.itemRecord($0, index: index) }
    }

    private static func itemRecord(_ row: Statement, index: Int) -> ItemRecord {
        ItemRecord(key: ItemKey(rowID: row.int64(at: 0), extID: row.text(at: 1), index: index),
                   question: row.optionalText(at: 2), answer: row.optionalText(at: 3), text: row.optionalText(at: 4),
                   metadata: row.optionalText(at: 5))
    }
}
