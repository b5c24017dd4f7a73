extension Database {
    /// The cached provider answer for `key` (sha256 hex of what was asked), if any.
    public func providerCacheValue(key: String) throws -> [UInt8]? {
        try fetchOne("SELECT value FROM provider_cache WHERE key = ?", [.text(key)]) { $0.blob(at: 0) }
    }

    /// Stores (or replaces) a provider answer.
    public func putProviderCacheValue(key: String, kind: String, value: [UInt8]) throws {
        try execute("INSERT OR REPLACE INTO provider_cache (key, kind, value, created_at) VALUES (?, ?, ?, ?)",
                    [.text(key), .text(kind), .blob(value), .text(Timestamp.now())])
    }
}
