import CSQLite

/// SQLite result codes by name (https://sqlite.org/rescode.html). Primary codes are the low byte
/// of an extended code; the extended ones are C macro expressions that Swift does not import.
public enum SQLiteResultCode {
    public static let busy: Int32 = SQLITE_BUSY
    public static let locked: Int32 = SQLITE_LOCKED
    public static let interrupt: Int32 = SQLITE_INTERRUPT
    public static let corrupt: Int32 = SQLITE_CORRUPT
    public static let full: Int32 = SQLITE_FULL
    public static let constraint: Int32 = SQLITE_CONSTRAINT

    public static let constraintForeignKey: Int32 = SQLITE_CONSTRAINT | (3 << 8)
    public static let constraintPrimaryKey: Int32 = SQLITE_CONSTRAINT | (6 << 8)
    public static let constraintUnique: Int32 = SQLITE_CONSTRAINT | (8 << 8)

    /// The primary code of an extended one, e.g. `constraint` for `constraintUnique`.
    public static func primary(of extendedCode: Int32) -> Int32 { extendedCode & 0xFF }
}
