import Storage

/// Finds or creates, inside the upload's transaction, the feature and checkpoint rows are written
/// to; a failed upload rolls them back with the rows, so it leaves nothing behind. The body was
/// already checked against the checkpoint's dim of the upload's snapshot, so a mismatch here means
/// another upload changed it meanwhile: a 409.
enum FeatureUploadTarget {
    /// The checkpoint of `upload` with `dim` columns: created (weight default 1) or checked against
    /// its fixed dim, its weight updated when one was given.
    /// The feature is marked as holding uploaded vectors (no embedder).
    static func checkpoint(_ db: Database, pool: PoolRecord, upload: FeatureUploadRequest, dim: Int) throws -> CheckpointRecord {
        let feature = try db.featureOrCreate(poolID: pool.id, name: upload.feature)
        if feature.embedder != nil || feature.model != nil {
            try db.setFeatureEmbedder(featureID: feature.id, embedder: nil, model: nil)
        }
        guard let existing = try db.checkpoint(featureID: feature.id, label: upload.checkpoint) else {
            return try db.createCheckpoint(featureID: feature.id, label: upload.checkpoint, dim: dim,
                                           weight: upload.weight ?? 1)
        }
        guard existing.dim == dim else {
            throw FeatureUploadConflict.dimChanged(label: existing.label, dim: existing.dim, uploaded: dim)
        }
        guard let weight = upload.weight, weight != existing.weight else { return existing }
        try db.setCheckpointWeight(checkpointID: existing.id, weight: weight)
        guard let updated = try db.checkpoint(featureID: feature.id, label: upload.checkpoint) else {
            throw StorageError.notFound("checkpoint '\(upload.checkpoint)'")
        }
        return updated
    }
}
