import Synchronization

/// Counters for GET /v1/metrics: upstream calls, retries and cache use, across all clients sharing it.
public final class ProviderMetrics: Sendable {
    public struct Snapshot: Sendable, Equatable {
        public var calls = 0
        public var retries = 0
        public var failures = 0
        public var cacheHits = 0
        public var cacheMisses = 0
    }

    private let counters = Mutex(Snapshot())

    public init() {}

    public var snapshot: Snapshot { counters.withLock { $0 } }

    func record(_ update: (inout Snapshot) -> Void) {
        counters.withLock { update(&$0) }
    }
}
