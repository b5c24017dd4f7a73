import CSQLite

/// Reads a pool's search table into an `ItemSearchIndex`, from FTS5's own tokenisation of it: an
/// `fts5vocab` instance table (one row per token occurrence: term, row, offset) over the table.
extension Database {
    /// The order `fts5vocab` did not keep: the index would be wrong, so the caller uses FTS5.
    public struct ItemSearchIndexUnavailable: Error, Sendable {
        public let reason: String
    }

    /// Pool `poolID`'s table as an in-memory index, from this connection's snapshot (call it
    /// inside `DatabasePool.read`, so the rows and the postings agree).
    public func itemSearchIndex(poolID: Int64) throws -> ItemSearchIndex {
        let table = Self.itemSearchTable(poolID: poolID)
        let rowIDs = try fetchAll("SELECT rowid FROM main.\(table) ORDER BY rowid", []) { $0.int64(at: 0) }
        var position: [Int64: Int32] = [:]
        position.reserveCapacity(rowIDs.count)
        for (i, rowID) in rowIDs.enumerated() { position[rowID] = Int32(i) }
        var builder = ItemSearchIndexBuilder(rowCount: rowIDs.count)
        try withTemporaryVocabulary(table: table) { vocabulary in
            let statement = try prepare("SELECT term, doc FROM temp.\(vocabulary)")
            while try statement.step() {
                guard let row = position[statement.int64(at: 1)] else {
                    throw ItemSearchIndexUnavailable(reason: "fts5vocab names a row the table does not list")
                }
                let bytes = sqlite3_column_blob(statement.handle, 0)
                let count = Int(sqlite3_column_bytes(statement.handle, 0))
                try builder.add(term: UnsafeRawBufferPointer(start: bytes, count: count), row: row)
            }
        }
        return builder.index(poolID: poolID, rowIDs: rowIDs)
    }

    /// Runs `body` with a temp `fts5vocab` instance table over `table`. Reader connections are
    /// query-only, which also refuses a temp table; the switch is off only for the create and
    /// the drop, which touch this connection's temp schema, never the database file.
    func withTemporaryVocabulary(table: String, _ body: (String) throws -> Void) throws {
        let vocabulary = "item_search_vocab"
        let queryOnly = try fetchInt("PRAGMA query_only") != 0
        func schema(_ sql: String) throws {
            if queryOnly { try execute("PRAGMA query_only = OFF") }
            let outcome = Result { try execute(sql) }
            if queryOnly { try execute("PRAGMA query_only = ON") }
            try outcome.get()
        }
        try schema("DROP TABLE IF EXISTS temp.\(vocabulary); CREATE VIRTUAL TABLE temp.\(vocabulary) USING fts5vocab(main, \(table), instance)")
        defer { try? schema("DROP TABLE IF EXISTS temp.\(vocabulary)") }
        try body(vocabulary)
    }
}
