import Foundation
import JSON
import LinearAlgebra
import Selection
import Storage

/// Resolves a request's pool, feature and checkpoint and returns the prepared pool matrix with
/// its items, from `PoolMatrixCache` or (on a miss) from one read snapshot of the database.
struct ExemplarSource {
    let database: DatabasePool
    let cache: PoolMatrixCache

    struct Resolved {
        let key: PoolMatrixCache.Key
        let poolID: Int64
        let checkpoint: CheckpointRecord
    }

    func entry(pool: String, feature: String?, checkpoint: String?) throws -> PoolMatrixCache.Entry {
        let alias = PoolMatrixCache.Alias(pool: pool, feature: feature, checkpoint: checkpoint)
        if let cached = cache.get(alias), cached.prepared != nil { return cached }
        // Read the generation before any row: a write in between makes both `put`s drop their entry.
        let generation = cache.generation(pool: pool)
        let resolved = try database.read { db in try resolve(db, pool: pool, feature: feature, checkpoint: checkpoint) }
        let entry = try cache.loads.exclusive(resolved.key) {
            // A request that waited here finds the entry the one before it loaded.
            if let cached = cache.get(resolved.key), cached.prepared != nil { return cached }
            let loaded = try database.read { db in try load(db, resolved) }
            cache.put(resolved.key, loaded, loadedAt: generation)
            return loaded
        }
        cache.put(alias, resolvesTo: resolved.key, loadedAt: generation)
        return entry
    }

    /// The pool's items alone, for a method that reads no vectors (`bm25`): cached beside the
    /// matrices under an empty feature name, which no feature can have.
    func textEntry(pool: String) throws -> PoolMatrixCache.Entry {
        let key = PoolMatrixCache.Key(pool: pool, feature: "", checkpoint: "")
        if let cached = cache.get(key) { return cached }
        let generation = cache.generation(pool: pool)
        let entry = try database.read { db in
            guard let record = try db.pool(named: pool) else { throw APIError.notFound("pool '\(pool)' not found", param: "pool") }
            return try loadItems(db, poolID: record.id, matrix: Matrix(rows: 0, cols: 0), embedder: nil, model: nil, prepared: nil)
        }
        cache.put(key, entry, loadedAt: generation)
        return entry
    }

    /// The question's bm25 scores against the pool's search table, by pool index: tokens from the
    /// index's own tokenizer, then the scores of their OR query (none for a question without
    /// tokens), from the pool's in-memory index (`ItemSearchIndex`, FTS5's `bm25()` bit for bit)
    /// or, until that is read, from FTS5 itself. Both give the same bits, so which one answered
    /// never shows in a response. Reading the index takes a while (it visits every token of the
    /// pool, once per write to the pool), so it happens in the background while FTS5 answers.
    func lexicalScores(question: String, pool: String, entry: PoolMatrixCache.Entry) throws -> LexicalScores {
        let tokens = try QueryTokenizer.shared.tokens(question)
        guard let match = QueryTokenizer.matchExpression(tokens) else { return LexicalScores(queryTokens: tokens, scoreByIndex: [:]) }
        var scores: [Int: Double] = [:]
        guard let index = cache.searchIndex(pool: pool), index.poolID == entry.poolID else {
            loadSearchIndexInBackground(pool: pool, poolID: entry.poolID)
            let hits = try database.read { db in try db.itemSearchScores(poolID: entry.poolID, match: match) }
            // Row ids ascend with the index; an item written after the entry was loaded is not in it.
            for hit in hits {
                if let i = Self.index(ofRowID: hit.rowID, in: entry.keys) { scores[i] = hit.score }
            }
            return LexicalScores(queryTokens: tokens, scoreByIndex: scores)
        }
        let hits = index.scores(tokens: tokens)
        scores.reserveCapacity(hits.count)
        // The index and the entry list the same rows unless a write fell between their loads.
        if index.rowIDs.elementsEqual(entry.keys.lazy.map(\.rowID)) {
            for hit in hits { scores[hit.position] = hit.score }
        } else {
            for hit in hits {
                if let i = Self.index(ofRowID: index.rowIDs[hit.position], in: entry.keys) { scores[i] = hit.score }
            }
        }
        return LexicalScores(queryTokens: tokens, scoreByIndex: scores)
    }

    /// Reads pool `pool`'s search table into memory on the cache's queue, unless a read of it is
    /// under way; stored only if no write to the pool came after `generation` was read (as the
    /// matrices). A table that cannot be read this way leaves the pool to FTS5.
    func loadSearchIndexInBackground(pool: String, poolID: Int64) {
        guard cache.beginSearchIndexLoad(pool: pool) else { return }
        let generation = cache.generation(pool: pool)
        let (database, cache) = (database, cache)
        cache.searchIndexQueue.async {
            defer { cache.endSearchIndexLoad(pool: pool) }
            guard let index = try? database.read({ db in try db.itemSearchIndex(poolID: poolID) }) else { return }
            cache.put(index, pool: pool, loadedAt: generation)
        }
    }

    static func index(ofRowID rowID: Int64, in keys: [ItemKey]) -> Int? {
        var lo = 0, hi = keys.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if keys[mid].rowID < rowID { lo = mid + 1 } else { hi = mid }
        }
        return lo < keys.count && keys[lo].rowID == rowID ? lo : nil
    }

    func resolve(_ db: Database, pool name: String, feature: String?, checkpoint: String?) throws -> Resolved {
        guard let pool = try db.pool(named: name) else { throw APIError.notFound("pool '\(name)' not found", param: "pool") }
        let feature = try resolveFeature(db, pool: pool, name: feature)
        let checkpoints = try db.checkpoints(featureID: feature.id)
        let chosen = try Self.chooseCheckpoint(checkpoints, label: checkpoint, feature: feature.name)
        return Resolved(key: .init(pool: name, feature: feature.name, checkpoint: chosen.label), poolID: pool.id, checkpoint: chosen)
    }

    /// The named checkpoint; without a label, the only one (or the one labelled "default").
    static func chooseCheckpoint(_ all: [CheckpointRecord], label: String?, feature: String) throws -> CheckpointRecord {
        if let label {
            guard let c = all.first(where: { $0.label == label }) else {
                throw APIError.notFound("feature '\(feature)' has no checkpoint '\(label)'", param: "checkpoint")
            }
            return c
        }
        if all.count == 1 { return all[0] }
        if let c = all.first(where: { $0.label == "default" }) { return c }
        if all.isEmpty { throw APIError.invalid("feature '\(feature)' has no vectors yet", param: "feature", code: "feature_incomplete") }
        throw APIError.invalid("feature '\(feature)' has \(all.count) checkpoints; name one", param: "checkpoint")
    }

    /// The named feature; without a name, the pool's only feature (or the one called "embedding").
    func resolveFeature(_ db: Database, pool: PoolRecord, name: String?) throws -> FeatureRecord {
        if let name {
            guard let f = try db.feature(poolID: pool.id, name: name) else {
                throw APIError.notFound("pool '\(pool.name)' has no feature '\(name)'", param: "feature")
            }
            return f
        }
        let all = try db.featureDetails(poolID: pool.id).map(\.feature)
        if all.count == 1 { return all[0] }
        if let f = all.first(where: { $0.name == "embedding" }) { return f }
        if all.isEmpty { throw APIError.invalid("pool '\(pool.name)' has no feature; upload or embed one", param: "feature") }
        throw APIError.invalid("pool '\(pool.name)' has \(all.count) features; name one", param: "feature")
    }

    func load(_ db: Database, _ r: Resolved) throws -> PoolMatrixCache.Entry {
        let matrix = try db.readMatrix(checkpoint: r.checkpoint, poolID: r.poolID)
        guard let feature = try db.feature(poolID: r.poolID, name: r.key.feature) else {
            throw APIError.notFound("feature '\(r.key.feature)' not found", param: "feature")
        }
        let values = Matrix(rows: matrix.rows, cols: matrix.dim, values: matrix.values)
        return try loadItems(db, poolID: r.poolID, matrix: values, embedder: feature.embedder, model: feature.model,
                             prepared: try ExemplarPool(values))
    }

    /// An entry holding `matrix` and the pool's items in index order.
    func loadItems(_ db: Database, poolID: Int64, matrix: Matrix, embedder: String?, model: String?, prepared: ExemplarPool?) throws
        -> PoolMatrixCache.Entry {
        var items: [ExemplarItem] = []
        var keys: [ItemKey] = []
        var indexByID: [String: Int] = [:]
        try db.forEachItem(poolID: poolID) { item in
            indexByID[item.extID] = item.index
            keys.append(item.key)
            items.append(ExemplarItem(id: item.extID, question: item.question, answer: item.answer,
                                      metadata: Self.metadataMembers(item.metadata)))
        }
        return PoolMatrixCache.Entry(
            matrix: matrix, keys: keys, embedder: embedder, model: model, prepared: prepared, items: items, indexByID: indexByID,
            poolID: poolID)
    }

    static func metadataMembers(_ text: String?) -> [JSONValue.Member] {
        guard let text, case let .object(members)? = try? JSONParser.parse(Array(text.utf8)) else { return [] }
        return members
    }
}
