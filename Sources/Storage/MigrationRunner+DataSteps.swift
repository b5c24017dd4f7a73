extension MigrationRunner {
    /// Work a migration needs beyond its SQL, by migration name, run right after that SQL in the
    /// same transaction: what SQL cannot express, such as one table per pool.
    static let dataSteps: [String: @Sendable (Database) throws -> Void] = [
        "item_search": Database.indexAllPools,
    ]
}
