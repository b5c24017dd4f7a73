/// Persistent store for provider answers, keyed by `ProviderCacheKey`. The Service implements it on
/// SQLite; this module only knows the protocol (Providers must not import Storage).
public protocol ProviderCache: Sendable {
    func get(_ key: String) -> [UInt8]?
    /// `kind` is "chat" or "embedding", so the store can report and evict by kind.
    func put(_ key: String, kind: String, value: [UInt8])
}
