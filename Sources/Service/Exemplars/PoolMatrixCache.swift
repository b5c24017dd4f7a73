import Foundation
import LinearAlgebra
import Selection
import Storage

/// Keeps a pool's feature matrix in memory for the synchronous exemplar route, keyed by
/// (pool, feature, checkpoint). Any write to a pool bumps its generation; an entry loaded under an
/// older generation is never stored, so a reader racing a writer cannot resurrect stale rows.
/// How a request's pool/feature/checkpoint names resolved is cached under the same rule, so a
/// request on a cached pool touches no database connection at all. Each pool's in-memory bm25
/// index (`ItemSearchIndex`, what `bm25` and `hybrid` score with) lives here under the same rule:
/// an item upsert or delete bumps the generation, so no request scores with stale postings.
final class PoolMatrixCache: Sendable {
    struct Key: Hashable, Sendable {
        let pool: String
        let feature: String
        let checkpoint: String
    }

    /// A request's names as sent (feature and checkpoint may be left to the defaults rules).
    struct Alias: Hashable, Sendable {
        let pool: String
        let feature: String?
        let checkpoint: String?
    }

    struct Entry: Sendable {
        let matrix: Matrix
        /// Item keys in index order (row i of `matrix` is item `keys[i]`).
        let keys: [ItemKey]
        let embedder: String?
        let model: String?
        /// The matrix prepared for the exemplar ranker (checked finite, max row norm), when loaded
        /// by the exemplar route.
        var prepared: ExemplarPool? = nil
        /// The items' texts and metadata in index order, so a request needs no item reads.
        var items: [ExemplarItem] = []
        /// Item id -> index.
        var indexByID: [String: Int] = [:]
        /// The pool's row id: its search table's name (`bm25`).
        var poolID: Int64 = 0

        /// The matrix and its binary16 copy (texts are not counted).
        var byteCount: Int { matrix.values.count * 4 + (prepared?.halfRows?.byteCount ?? 0) }
    }

    private struct State {
        var entries: [Key: Entry] = [:]
        /// How each alias resolved, so that a cached request reads nothing from the database.
        var aliases: [Alias: Key] = [:]
        var generations: [String: UInt64] = [:]
        /// Pool name -> its search table in memory.
        var searchIndexes: [String: ItemSearchIndex] = [:]
        /// Pools whose search index is being read.
        var searchIndexLoads: Set<String> = []
        var bytes = 0
    }

    private let state = Locked(State())
    /// One load of a key at a time (`ExemplarSource.entry`), so concurrent misses build one matrix.
    let loads = LoadGate<Key>()
    /// Where search indexes are read, one at a time, off the requests' threads.
    let searchIndexQueue = DispatchQueue(label: "shortlist.search-index")
    /// Beyond this many bytes of cached matrices the cache is emptied before adding (simple and safe).
    let byteLimit: Int

    init(byteLimit: Int = 4 << 30) { self.byteLimit = byteLimit }

    func generation(pool: String) -> UInt64 { state.withLock { $0.generations[pool] ?? 0 } }

    func get(_ key: Key) -> Entry? { state.withLock { $0.entries[key] } }

    /// The entry `alias` resolved to when it was last resolved under the pool's current generation.
    func get(_ alias: Alias) -> Entry? { state.withLock { s in s.aliases[alias].flatMap { s.entries[$0] } } }

    /// Remembers that `alias` resolves to `key`, only if the pool was not written since `generation`.
    func put(_ alias: Alias, resolvesTo key: Key, loadedAt generation: UInt64) {
        state.withLock { s in
            guard (s.generations[alias.pool] ?? 0) == generation else { return }
            s.aliases[alias] = key
        }
    }

    /// Stores `entry` only if the pool was not written since `generation` was read.
    func put(_ key: Key, _ entry: Entry, loadedAt generation: UInt64) {
        let size = entry.byteCount
        state.withLock { s in
            guard (s.generations[key.pool] ?? 0) == generation else { return }
            Self.makeRoom(&s, for: size, limit: byteLimit)
            if let old = s.entries[key] { s.bytes -= old.byteCount }
            s.entries[key] = entry
            s.bytes += size
        }
    }

    /// Pool `pool`'s search index, if loaded under the current generation.
    func searchIndex(pool: String) -> ItemSearchIndex? { state.withLock { $0.searchIndexes[pool] } }

    /// Whether the caller may read pool `pool`'s search index (no read of it is under way); if
    /// so, it must call `endSearchIndexLoad` when done.
    func beginSearchIndexLoad(pool: String) -> Bool { state.withLock { $0.searchIndexLoads.insert(pool).inserted } }

    func endSearchIndexLoad(pool: String) { _ = state.withLock { $0.searchIndexLoads.remove(pool) } }

    /// Stores `index` only if the pool was not written since `generation` was read.
    func put(_ index: ItemSearchIndex, pool: String, loadedAt generation: UInt64) {
        let size = index.byteCount
        state.withLock { s in
            guard (s.generations[pool] ?? 0) == generation else { return }
            Self.makeRoom(&s, for: size, limit: byteLimit)
            if let old = s.searchIndexes[pool] { s.bytes -= old.byteCount }
            s.searchIndexes[pool] = index
            s.bytes += size
        }
    }

    /// Beyond the limit the cache is emptied before adding (simple and safe).
    private static func makeRoom(_ s: inout State, for size: Int, limit: Int) {
        guard s.bytes + size > limit else { return }
        s.entries.removeAll()
        s.aliases.removeAll()
        s.searchIndexes.removeAll()
        s.bytes = 0
    }

    func invalidate(pool: String) {
        state.withLock { s in
            s.generations[pool, default: 0] &+= 1
            for k in s.entries.keys where k.pool == pool {
                s.bytes -= s.entries[k]?.byteCount ?? 0
                s.entries[k] = nil
            }
            for a in s.aliases.keys where a.pool == pool { s.aliases[a] = nil }
            if let index = s.searchIndexes.removeValue(forKey: pool) { s.bytes -= index.byteCount }
        }
    }

    var count: Int { state.withLock { $0.entries.count } }
}
