import Foundation

/// Lets one thread at a time run the load of a key; others asking for the same key wait for it
/// and then run theirs, which finds the first one's result in its cache. Loads of other keys go
/// on in parallel. Without it, requests arriving together on a cold pool each built the whole
/// matrix (a pool as wide as a request body held several times at once).
/// `@unchecked Sendable`: `loading` is only touched with `condition` locked.
final class LoadGate<Key: Hashable & Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var loading: Set<Key> = []

    func exclusive<T>(_ key: Key, _ body: () throws -> T) rethrows -> T {
        condition.lock()
        while loading.contains(key) { condition.wait() }
        loading.insert(key)
        condition.unlock()
        defer {
            condition.lock()
            loading.remove(key)
            condition.broadcast()
            condition.unlock()
        }
        return try body()
    }
}
