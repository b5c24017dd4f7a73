extension Database {
    private static let featureColumns = "id, pool_id, name, embedder, model, created_at"
    private static let checkpointColumns = "id, feature_id, label, dim, weight, created_at"

    public func feature(poolID: Int64, name: String) throws -> FeatureRecord? {
        try fetchOne("SELECT \(Self.featureColumns) FROM features WHERE pool_id = ? AND name = ?",
                     [.integer(poolID), .text(name)], Self.featureRecord)
    }

    /// Creates a feature; `StorageError.conflict` when the pool already has one of that name.
    public func createFeature(poolID: Int64, name: String, embedder: String? = nil,
                              model: String? = nil) throws -> FeatureRecord {
        let createdAt = Timestamp.now()
        try insert("INSERT INTO features (pool_id, name, embedder, model, created_at) VALUES (?, ?, ?, ?, ?)",
                        [.integer(poolID), .text(name), .optionalText(embedder), .optionalText(model), .text(createdAt)],
                   conflict: "feature '\(name)'")
        return FeatureRecord(id: lastInsertRowID, poolID: poolID, name: name, embedder: embedder, model: model,
                             createdAt: createdAt)
    }

    /// The existing feature of that name, or a new one with `embedder`/`model`.
    public func featureOrCreate(poolID: Int64, name: String, embedder: String? = nil,
                                model: String? = nil) throws -> FeatureRecord {
        try feature(poolID: poolID, name: name)
            ?? createFeature(poolID: poolID, name: name, embedder: embedder, model: model)
    }

    /// Records which embedder produced the feature (nil for uploaded vectors).
    public func setFeatureEmbedder(featureID: Int64, embedder: String?, model: String?) throws {
        try execute("UPDATE features SET embedder = ?, model = ? WHERE id = ?",
                    [.optionalText(embedder), .optionalText(model), .integer(featureID)])
    }

    /// Deletes the feature with its checkpoints and rows. False if absent.
    @discardableResult
    public func deleteFeature(featureID: Int64) throws -> Bool {
        try transaction { try update("DELETE FROM features WHERE id = ?", [.integer(featureID)]) > 0 }
    }

    public func checkpoint(featureID: Int64, label: String) throws -> CheckpointRecord? {
        try fetchOne("SELECT \(Self.checkpointColumns) FROM checkpoints WHERE feature_id = ? AND label = ?",
                     [.integer(featureID), .text(label)], Self.checkpointRecord)
    }

    /// Creates a checkpoint; `StorageError.conflict` when the label exists, `invalidArgument` for a
    /// dim below 1 or a non-finite weight.
    public func createCheckpoint(featureID: Int64, label: String, dim: Int, weight: Double = 1) throws -> CheckpointRecord {
        guard dim > 0 else { throw StorageError.invalidArgument(parameter: "dim", reason: "must be at least 1") }
        guard weight.isFinite else { throw StorageError.invalidArgument(parameter: "weight", reason: "must be finite") }
        let createdAt = Timestamp.now()
        try insert("INSERT INTO checkpoints (feature_id, label, dim, weight, created_at) VALUES (?, ?, ?, ?, ?)",
                        [.integer(featureID), .text(label), .int(dim), .real(weight), .text(createdAt)],
                   conflict: "checkpoint '\(label)'")
        return CheckpointRecord(id: lastInsertRowID, featureID: featureID, label: label, dim: dim, weight: weight,
                                createdAt: createdAt)
    }

    public func setCheckpointWeight(checkpointID: Int64, weight: Double) throws {
        guard weight.isFinite else { throw StorageError.invalidArgument(parameter: "weight", reason: "must be finite") }
        try execute("UPDATE checkpoints SET weight = ? WHERE id = ?", [.real(weight), .integer(checkpointID)])
    }

    @discardableResult
    public func deleteCheckpoint(checkpointID: Int64) throws -> Bool {
        try transaction { try update("DELETE FROM checkpoints WHERE id = ?", [.integer(checkpointID)]) > 0 }
    }

    /// The feature's checkpoints in creation order.
    /// The largest `dim` of any checkpoint (0 when there is none): no vector a request sends can
    /// be used if it is wider, so a body's numeric arrays are never decoded beyond it.
    public func widestCheckpointDim() throws -> Int {
        try fetchInt("SELECT COALESCE(MAX(dim), 0) FROM checkpoints")
    }

    public func checkpoints(featureID: Int64) throws -> [CheckpointRecord] {
        try fetchAll("SELECT \(Self.checkpointColumns) FROM checkpoints WHERE feature_id = ? ORDER BY id",
                     [.integer(featureID)], Self.checkpointRecord)
    }

    /// The feature's checkpoints in creation order, each with its row count and completeness.
    public func checkpointStatuses(feature: FeatureRecord) throws -> [CheckpointStatus] {
        try checkpoints(featureID: feature.id).map { try checkpointStatus($0, poolID: feature.poolID) }
    }

    public func checkpointStatus(_ checkpoint: CheckpointRecord, poolID: Int64) throws -> CheckpointStatus {
        let rows = try featureRowCount(checkpointID: checkpoint.id)
        let complete = rows == (try itemCount(poolID: poolID))
        return CheckpointStatus(checkpoint: checkpoint, rows: rows,
                                firstMissing: complete ? nil : try firstItemWithoutRow(checkpointID: checkpoint.id,
                                                                                      poolID: poolID))
    }

    public func featureRowCount(checkpointID: Int64) throws -> Int {
        try fetchInt("SELECT count(*) FROM feature_rows WHERE checkpoint_id = ?", [.integer(checkpointID)])
    }

    /// The lowest-index live item that has no row in the checkpoint, nil when it is complete.
    public func firstItemWithoutRow(checkpointID: Int64, poolID: Int64) throws -> ItemKey? {
        guard let (rowID, extID) = try fetchOne("""
            SELECT i.id, i.ext_id FROM items i WHERE i.pool_id = ? AND NOT EXISTS
                (SELECT 1 FROM feature_rows r WHERE r.checkpoint_id = ? AND r.item_id = i.id)
            ORDER BY i.id LIMIT 1
            """, [.integer(poolID), .integer(checkpointID)], { ($0.int64(at: 0), $0.text(at: 1)) }) else { return nil }
        return ItemKey(rowID: rowID, extID: extID, index: try itemIndex(poolID: poolID, rowID: rowID))
    }

    /// Every feature of the pool (by creation) with its checkpoint statuses.
    public func featureDetails(poolID: Int64) throws -> [FeatureDetails] {
        let features = try fetchAll("SELECT \(Self.featureColumns) FROM features WHERE pool_id = ? ORDER BY id",
                                    [.integer(poolID)], Self.featureRecord)
        return try features.map { FeatureDetails(feature: $0, checkpoints: try checkpointStatuses(feature: $0)) }
    }

    private static func featureRecord(_ row: Statement) -> FeatureRecord {
        FeatureRecord(id: row.int64(at: 0), poolID: row.int64(at: 1), name: row.text(at: 2),
                      embedder: row.optionalText(at: 3), model: row.optionalText(at: 4), createdAt: row.text(at: 5))
    }

    private static func checkpointRecord(_ row: Statement) -> CheckpointRecord {
        CheckpointRecord(id: row.int64(at: 0), featureID: row.int64(at: 1), label: row.text(at: 2),
                         dim: row.int(at: 3), weight: row.double(at: 4), createdAt: row.text(at: 5))
    }
}
