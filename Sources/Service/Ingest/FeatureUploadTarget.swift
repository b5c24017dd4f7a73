import Storage

/// Finds or creates, inside the upload's transaction, the feature and checkpoint rows are written
/// to; a failed upload rolls them back with the rows, so it leaves nothing behind.
enum FeatureUploadTarget {
    /// The checkpoint of `upload` with `dim` columns: created (weight default 1) or checked against
    /// its fixed dim (`shape_mismatch` naming `dimParam`), its weight updated when one was given.
    /// The feature is marked as holding uploaded vectors (no embedder).
    static func checkpoint(_ db: Database, pool: PoolRecord, upload: FeatureUploadRequest, dim: Int,
                           dimParam: String) throws -> CheckpointRecord {
        let feature = try db.featureOrCreate(poolID: pool.id, name: upload.feature)
        if feature.embedder != nil || feature.model != nil {
            try db.setFeatureEmbedder(featureID: feature.id, embedder: nil, model: nil)
        }
        guard let existing = try db.checkpoint(featureID: feature.id, label: upload.checkpoint) else {
            return try db.createCheckpoint(featureID: feature.id, label: upload.checkpoint, dim: dim,
                                           weight: upload.weight ?? 1)
        }
        guard existing.dim == dim else {
            throw APIError.invalid(
                "checkpoint '\(existing.label)' has dim \(existing.dim); this upload has \(dim) columns",
                param: dimParam, code: "shape_mismatch")
        }
        guard let weight = upload.weight, weight != existing.weight else { return existing }
        try db.setCheckpointWeight(checkpointID: existing.id, weight: weight)
        guard let updated = try db.checkpoint(featureID: feature.id, label: upload.checkpoint) else {
            throw StorageError.notFound("checkpoint '\(upload.checkpoint)'")
        }
        return updated
    }
}
