import Foundation
import TestSupport
import Selection
import Storage
@testable import Service

/// Writes a pool straight through Storage (items, and optionally one feature's rows), the way an
/// upload would leave it, then drops the service's cached matrices of that pool.
enum ExemplarPoolSeeder {
    static func seed(_ h: ServiceHarness, pool: String = "p", items: [ItemInput], feature: String = "embedding",
                     vectors: [[Float]]? = nil, embedder: String? = nil, model: String? = nil) throws {
        try h.service.database.write { db in
            let record = try db.pool(named: pool) ?? db.createPool(name: pool)
            _ = try db.upsertItems(poolID: record.id, items)
            guard let vectors, let first = vectors.first else { return }
            let f = try db.featureOrCreate(poolID: record.id, name: feature, embedder: embedder, model: model)
            let cp = try db.checkpoint(featureID: f.id, label: "default") ?? db.createCheckpoint(featureID: f.id, label: "default", dim: first.count)
            let keys = try db.itemKeys(poolID: record.id)
            let writer = try FeatureRowWriter(db: db, checkpoint: cp, mode: .upsert)
            for (key, v) in zip(keys, vectors) { try writer.append(itemRowID: key.rowID, vector: v) }
            try writer.commit()
        }
        h.service.invalidatePoolCaches(pool)
    }

    /// Items e0, e1, ... with question "question i" and answer "answer i".
    static func items(_ count: Int, metadata: (Int) -> String? = { _ in nil }) -> [ItemInput] {
        (0..<count).map { ItemInput(extID: "e\($0)", question: "question \($0)", answer: "answer \($0)", metadata: metadata($0)) }
    }

    static func itemCount(_ h: ServiceHarness, pool: String = "p") throws -> Int {
        try h.service.database.read { db in try db.itemCount(poolID: try db.requirePool(named: pool).id) }
    }

    static func rowCount(_ h: ServiceHarness, pool: String = "p", feature: String = "embedding") throws -> Int {
        try h.service.database.read { db in
            let p = try db.requirePool(named: pool)
            guard let f = try db.feature(poolID: p.id, name: feature), let cp = try db.checkpoint(featureID: f.id, label: "default") else { return 0 }
            return try db.featureRowCount(checkpointID: cp.id)
        }
    }

    /// Waits (up to `seconds`) until the job has finished; returns its record.
    static func waitForJob(_ h: ServiceHarness, _ id: String, seconds: Double = 20) throws -> JobRecord? {
        _ = try eventually(within: seconds) { try h.service.database.read { db in try db.job(id: id) }?.status.isFinished == true }
        return try h.service.database.read { db in try db.job(id: id) }
    }

    /// The vectors of the checkpoint in index order.
    static func matrix(_ h: ServiceHarness, pool: String = "p", feature: String = "embedding") throws -> FeatureMatrix {
        try h.service.database.read { db in
            let p = try db.requirePool(named: pool)
            guard let f = try db.feature(poolID: p.id, name: feature), let cp = try db.checkpoint(featureID: f.id, label: "default") else {
                throw StorageError.notFound("feature")
            }
            return try db.readMatrix(checkpoint: cp, poolID: p.id)
        }
    }
}
