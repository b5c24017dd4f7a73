import CSQLite

/// One SQLite connection.
///
/// Not thread-safe except for `interrupt()`: a connection is used by one thread at a time (the
/// `DatabasePool` guarantees that), while `interrupt()` may be called from any thread to stop the
/// statement running on it. That is why it is `@unchecked Sendable`.
public final class Database: @unchecked Sendable {
    let handle: OpaquePointer
    private var statementCache: [String: Statement] = [:]

    /// Opens (creating if needed) the database at `path` and applies the connection PRAGMAs.
    /// `queryOnly` marks a reader connection: SQLite then refuses any write on it.
    public init(path: String, configuration: DatabaseConfiguration = .init(), queryOnly: Bool = false) throws {
        var connection: OpaquePointer?
        // NOMUTEX: every connection is confined to one thread at a time by its owner.
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let code = sqlite3_open_v2(path, &connection, flags, nil)
        guard code == SQLITE_OK, let connection else {
            let error = SQLiteError.from(connection: connection, code: code, operation: "open")
            sqlite3_close_v2(connection)
            throw error
        }
        handle = connection
        sqlite3_extended_result_codes(handle, 1)
        try configure(configuration, queryOnly: queryOnly)
    }

    deinit {
        statementCache.removeAll()
        // close_v2 defers the close until statements still held by callers are finalized.
        sqlite3_close_v2(handle)
    }

    private func configure(_ configuration: DatabaseConfiguration, queryOnly: Bool) throws {
        sqlite3_busy_timeout(handle, Int32(clamping: configuration.busyTimeoutMilliseconds))
        if !queryOnly {
            // Must precede the first table and the switch to WAL, or it is silently ignored.
            try execute("PRAGMA page_size = \(configuration.pageSize)")
            try execute("PRAGMA journal_mode = WAL")
            try execute("PRAGMA journal_size_limit = \(configuration.journalSizeLimit)")
        }
        try execute("PRAGMA synchronous = NORMAL")
        try execute("PRAGMA foreign_keys = ON")
        try setMmapSize(configuration.mmapSize)
        if queryOnly { try execute("PRAGMA query_only = ON") }
    }

    /// Bytes of the file this connection reads through mmap (0: read(2) only). Call it outside a
    /// transaction: SQLite does not remap while pages of the map are in use.
    func setMmapSize(_ bytes: Int) throws { try execute("PRAGMA mmap_size = \(max(0, bytes))") }

    /// Runs one or more statements that return no rows of interest.
    public func execute(_ sql: String) throws {
        let code = sqlite3_exec(handle, sql, nil, nil, nil)
        guard code == SQLITE_OK else { throw error(code, "execute") }
    }

    /// Runs one statement with `arguments` bound in order (1-based positions).
    public func execute(_ sql: String, _ arguments: [SQLValue]) throws {
        let statement = try cachedStatement(sql)
        try statement.bind(arguments)
        defer { statement.reset() }
        while try statement.step() {}
    }

    /// Compiles `sql` into a fresh statement owned by the caller.
    public func prepare(_ sql: String) throws -> Statement {
        var raw: OpaquePointer?
        let code = sqlite3_prepare_v2(handle, sql, -1, &raw, nil)
        guard code == SQLITE_OK, let raw else { throw error(code, "prepare") }
        return Statement(handle: raw, connection: handle)
    }

    /// A statement compiled once per connection and reused; it is reset (bindings cleared) on return.
    /// So do not run the same SQL again while still stepping it (e.g. from a `fetchAll` row closure):
    /// the inner use would reset the outer one. Long or re-entrant loops use `prepare` instead.
    public func cachedStatement(_ sql: String) throws -> Statement {
        if let statement = statementCache[sql] {
            statement.reset()
            return statement
        }
        let statement = try prepare(sql)
        statementCache[sql] = statement
        return statement
    }

    /// Stops the statement currently running on this connection (it fails with SQLITE_INTERRUPT).
    /// Safe to call from any thread.
    public func interrupt() { sqlite3_interrupt(handle) }

    /// Rows changed by the most recent INSERT, UPDATE or DELETE.
    public var changes: Int { Int(sqlite3_changes64(handle)) }

    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// False while a transaction is open on this connection.
    public var isAutocommit: Bool { sqlite3_get_autocommit(handle) != 0 }

    func error(_ code: Int32, _ operation: String) -> SQLiteError {
        SQLiteError.from(connection: handle, code: code, operation: operation)
    }
}
