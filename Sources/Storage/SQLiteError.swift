import CSQLite

/// A failed SQLite call. Carries the extended result code, SQLite's message and the operation that
/// failed, and deliberately never the SQL text or any bound value: errors end up in logs and 500s.
public struct SQLiteError: Error, Equatable, CustomStringConvertible {
    /// The extended result code, e.g. 2067 (SQLITE_CONSTRAINT_UNIQUE).
    public let extendedCode: Int32
    public let message: String
    public let operation: String

    public init(extendedCode: Int32, message: String, operation: String) {
        self.extendedCode = extendedCode
        self.message = message
        self.operation = operation
    }

    /// The primary result code (the low byte), e.g. SQLITE_CONSTRAINT for any constraint failure.
    public var primaryCode: Int32 { SQLiteResultCode.primary(of: extendedCode) }

    public var isInterrupt: Bool { primaryCode == SQLiteResultCode.interrupt }
    /// Busy or locked: another connection holds the lock; retrying later can succeed.
    public var isBusy: Bool { primaryCode == SQLiteResultCode.busy || primaryCode == SQLiteResultCode.locked }
    public var isUniqueViolation: Bool {
        extendedCode == SQLiteResultCode.constraintUnique || extendedCode == SQLiteResultCode.constraintPrimaryKey
    }

    public var description: String {
        "SQLite error \(extendedCode) during \(operation): \(message)"
    }

    static func from(connection: OpaquePointer?, code: Int32, operation: String) -> SQLiteError {
        let extended = connection.map { sqlite3_extended_errcode($0) } ?? code
        // sqlite3_extended_errcode reports the last error on the connection; prefer it only when it
        // agrees with the code we were handed (same primary code), otherwise trust the call's code.
        let chosen = SQLiteResultCode.primary(of: extended) == SQLiteResultCode.primary(of: code) ? extended : code
        let message = connection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
            ?? String(cString: sqlite3_errstr(code))
        return SQLiteError(extendedCode: chosen, message: message, operation: operation)
    }
}
