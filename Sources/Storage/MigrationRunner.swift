/// Applies migrations in version order, each in its own transaction, recording each in
/// `schema_migrations`. Re-running is a no-op; a database that records a version this build does not
/// ship is refused, because an older binary must not write to a newer schema.
public struct MigrationRunner: Sendable {
    public let migrations: [Migration]

    public init(migrations: [Migration]) {
        self.migrations = migrations.sorted { $0.version < $1.version }
    }

    /// Returns the versions applied by this call.
    @discardableResult
    public func migrate(_ db: Database) throws -> [Int] {
        try db.execute("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)
            """)
        let recorded = try recordedMigrations(db)
        try refuseUnknown(recorded)
        var applied: [Int] = []
        for migration in migrations where recorded[migration.version] == nil {
            try db.transaction {
                try db.execute(migration.sql)
                try Self.dataSteps[migration.name]?(db)
                try db.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                               [.int(migration.version), .text(migration.name), .text(Timestamp.now())])
            }
            applied.append(migration.version)
        }
        return applied
    }

    public func recordedMigrations(_ db: Database) throws -> [Int: String] {
        let statement = try db.prepare("SELECT version, name FROM schema_migrations ORDER BY version")
        var recorded: [Int: String] = [:]
        while try statement.step() { recorded[statement.int(at: 0)] = statement.text(at: 1) }
        return recorded
    }

    private func refuseUnknown(_ recorded: [Int: String]) throws {
        let known = Dictionary(migrations.map { ($0.version, $0.name) }, uniquingKeysWith: { first, _ in first })
        for (version, name) in recorded.sorted(by: { $0.key < $1.key }) {
            guard let embedded = known[version] else {
                throw StorageError.unknownMigration(version: version, name: name)
            }
            guard embedded == name else {
                throw StorageError.migrationMismatch(version: version, recorded: name, embedded: embedded)
            }
        }
    }
}
