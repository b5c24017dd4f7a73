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
        let entry: PoolMatrixCache.Entry
        if let cached = cache.get(resolved.key), cached.prepared != nil {
            entry = cached
        } else {
            entry = try database.read { db in try load(db, resolved) }
            cache.put(resolved.key, entry, loadedAt: generation)
        }
        cache.put(alias, resolvesTo: resolved.key, loadedAt: generation)
        return entry
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
        var items: [ExemplarItem] = []
        var keys: [ItemKey] = []
        var indexByID: [String: Int] = [:]
        try db.forEachItem(poolID: r.poolID) { item in
            indexByID[item.extID] = item.index
            keys.append(item.key)
            items.append(ExemplarItem(id: item.extID, question: item.question, answer: item.answer,
                                      metadata: Self.metadataMembers(item.metadata)))
        }
        let values = Matrix(rows: matrix.rows, cols: matrix.dim, values: matrix.values)
        return PoolMatrixCache.Entry(
            matrix: values, keys: keys, embedder: feature.embedder, model: feature.model,
            prepared: try ExemplarPool(values), items: items, indexByID: indexByID)
    }

    static func metadataMembers(_ text: String?) -> [JSONValue.Member] {
        guard let text, case let .object(members)? = try? JSONParser.parse(Array(text.utf8)) else { return [] }
        return members
    }
}
