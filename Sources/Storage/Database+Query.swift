extension Database {
    /// Runs a cached statement and maps every row with `row`.
    public func fetchAll<T>(_ sql: String, _ arguments: [SQLValue] = [], _ row: (Statement) throws -> T) throws -> [T] {
        let statement = try cachedStatement(sql)
        try statement.bind(arguments)
        defer { statement.reset() }
        var rows: [T] = []
        while try statement.step() { rows.append(try row(statement)) }
        return rows
    }

    /// Runs a cached statement and maps its first row, if any.
    public func fetchOne<T>(_ sql: String, _ arguments: [SQLValue] = [], _ row: (Statement) throws -> T) throws -> T? {
        let statement = try cachedStatement(sql)
        try statement.bind(arguments)
        defer { statement.reset() }
        return try statement.step() ? try row(statement) : nil
    }

    /// The integer in the first column of the first row (0 when there is no row).
    public func fetchInt(_ sql: String, _ arguments: [SQLValue] = []) throws -> Int {
        try fetchOne(sql, arguments) { $0.int(at: 0) } ?? 0
    }

    /// Runs an INSERT/UPDATE/DELETE and returns how many rows it changed.
    @discardableResult
    func update(_ sql: String, _ arguments: [SQLValue]) throws -> Int {
        try execute(sql, arguments)
        return changes
    }

    /// Runs an INSERT, turning a unique violation into `StorageError.conflict(what)`.
    func insert(_ sql: String, _ arguments: [SQLValue], conflict what: String) throws {
        do {
            try execute(sql, arguments)
        } catch let error as SQLiteError where error.isUniqueViolation {
            throw StorageError.conflict(what)
        }
    }
}
