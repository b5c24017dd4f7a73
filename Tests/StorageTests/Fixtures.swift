@testable import Storage

/// Small builders shared by the repository tests.
enum Fixtures {
    static func items(_ ids: [String]) -> [ItemInput] {
        ids.map { ItemInput(extID: $0, question: "q-\($0)", answer: "a-\($0)") }
    }

    static func items(count: Int, prefix: String = "item") -> [ItemInput] {
        items((0..<count).map { "\(prefix)\($0)" })
    }

    /// A deterministic vector for (row, dim) so a read can be checked against what was written.
    static func vector(row: Int, dim: Int) -> [Float] {
        (0..<dim).map { Float(row) + Float($0) / Float(dim) }
    }

    /// A pool of `count` items with one checkpoint `label` of `dim`, every row written.
    static func filledCheckpoint(_ db: Database, pool name: String = "pool", count: Int, dim: Int,
                                 label: String = "default") throws -> (PoolRecord, CheckpointRecord) {
        let pool = try db.createPool(name: name)
        try db.upsertItems(poolID: pool.id, items(count: count))
        let feature = try db.createFeature(poolID: pool.id, name: "embedding")
        let checkpoint = try db.createCheckpoint(featureID: feature.id, label: label, dim: dim)
        let writer = try FeatureRowWriter(db: db, checkpoint: checkpoint, mode: .replaceAll)
        for key in try db.itemKeys(poolID: pool.id) {
            try writer.append(itemRowID: key.rowID, vector: vector(row: key.index, dim: dim))
        }
        try writer.commit()
        return (pool, checkpoint)
    }
}
