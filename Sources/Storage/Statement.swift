import CSQLite

/// A compiled SQL statement. Parameter positions are 1-based and column positions 0-based, as in
/// SQLite's C API. Used by one thread at a time, like its connection.
public final class Statement {
    let handle: OpaquePointer
    let connection: OpaquePointer

    init(handle: OpaquePointer, connection: OpaquePointer) {
        self.handle = handle
        self.connection = connection
    }

    deinit { sqlite3_finalize(handle) }

    /// Advances to the next row: true when a row is available, false when the statement is done.
    @discardableResult
    public func step() throws -> Bool {
        let code = sqlite3_step(handle)
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw SQLiteError.from(connection: connection, code: code, operation: "step")
        }
    }

    /// Rewinds the statement and clears its bindings so it can run again. The error of a failed
    /// step is reported by `step`, so the code `sqlite3_reset` repeats is ignored here.
    public func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    public var parameterCount: Int { Int(sqlite3_bind_parameter_count(handle)) }
    public var columnCount: Int { Int(sqlite3_column_count(handle)) }

    func check(_ code: Int32, _ operation: String) throws {
        guard code == SQLITE_OK else {
            throw SQLiteError.from(connection: connection, code: code, operation: operation)
        }
    }
}
