import Providers
import Storage

/// The providers' cache in the provider_cache table. Best effort: a failing read is a miss and a
/// failing write is dropped, so the cache can never fail a request.
struct SQLiteProviderCache: ProviderCache {
    let database: DatabasePool

    func get(_ key: String) -> [UInt8]? {
        (try? database.read { db in try db.providerCacheValue(key: key) }) ?? nil
    }

    func put(_ key: String, kind: String, value: [UInt8]) {
        _ = try? database.write { db in try db.putProviderCacheValue(key: key, kind: kind, value: value) }
    }
}
