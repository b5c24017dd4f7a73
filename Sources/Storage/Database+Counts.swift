extension Database {
    public func storageCounts() throws -> StorageCounts {
        StorageCounts(pools: try fetchInt("SELECT count(*) FROM pools"),
                      items: try fetchInt("SELECT count(*) FROM items"),
                      featureRows: try fetchInt("SELECT count(*) FROM feature_rows"))
    }

    /// A trivial query, for /healthz: throws when the database is unusable.
    public func checkHealth() throws {
        _ = try fetchInt("SELECT count(*) FROM schema_migrations")
    }
}
