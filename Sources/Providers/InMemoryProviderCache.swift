import Synchronization

/// A `ProviderCache` in a dictionary, for tests and for running without a database.
public final class InMemoryProviderCache: ProviderCache {
    private let entries = Mutex<[String: (kind: String, value: [UInt8])]>([:])

    public init() {}

    public func get(_ key: String) -> [UInt8]? {
        entries.withLock { $0[key]?.value }
    }

    public func put(_ key: String, kind: String, value: [UInt8]) {
        entries.withLock { $0[key] = (kind, value) }
    }

    /// Number of stored entries of one kind.
    public func count(kind: String) -> Int {
        entries.withLock { $0.values.filter { $0.kind == kind }.count }
    }
}
