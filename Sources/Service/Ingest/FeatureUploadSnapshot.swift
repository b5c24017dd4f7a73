import Storage

/// What an upload is validated against while its body streams in, read in one reader snapshot
/// before the first body byte: the pool, its items in index order, and the dim of the target
/// checkpoint if it exists. The insert re-checks it under the writer lock (`FeatureUploadConflict`).
struct FeatureUploadSnapshot {
    let pool: PoolRecord
    let items: [ItemKey]
    /// nil: the checkpoint does not exist yet, and the upload's first row fixes its dim.
    let checkpointDim: Int?

    static func read(_ db: Database, pool: PoolRecord, upload: FeatureUploadRequest) throws -> FeatureUploadSnapshot {
        let checkpoint = try db.feature(poolID: pool.id, name: upload.feature).flatMap { feature in
            try db.checkpoint(featureID: feature.id, label: upload.checkpoint)
        }
        return FeatureUploadSnapshot(pool: pool, items: try db.itemKeys(poolID: pool.id), checkpointDim: checkpoint?.dim)
    }

    /// The dim a body's first row must have: the existing checkpoint's, else the row's own.
    func requireDim(_ dim: Int, param: String, label: String) throws(APIError) {
        guard let checkpointDim, checkpointDim != dim else { return }
        throw APIError.invalid("checkpoint '\(label)' has dim \(checkpointDim); this upload has \(dim) columns",
                               param: param, code: "shape_mismatch")
    }
}
