import Foundation
import HTTP
import JSON
import Selection
import Storage

extension ShortlistService {
    func registerFeatureRoutes() {
        let pattern = "/v1/pools/{pool}/features/{name}"
        // The server bounds a stream by the larger of the two limits; the body is never collected.
        let uploadLimits = (body: min(configuration.jsonBodyLimit, configuration.uploadBodyLimit), stream: configuration.uploadBodyLimit)
        route("PUT", pattern, query: ["checkpoint", "weight"], bodyLimit: uploadLimits.body, streamLimit: uploadLimits.stream) { [unowned self] request in
            let upload = try FeatureUploadRequest.parse(request)
            let feature = try uploadFeature(request, upload)
            invalidatePoolCaches(upload.pool)
            return .json(200, feature)
        }
        route("GET", pattern) { [unowned self] request in
            let (poolName, name) = (request.parameter("pool"), request.parameter("name"))
            let feature = try database.read { db -> JSONValue in
                let pool = try requirePool(db, poolName)
                return try Self.featureJSON(db, pool: pool, feature: try requireFeature(db, pool, name))
            }
            return .json(200, feature)
        }
        route("DELETE", pattern, query: ["checkpoint"]) { [unowned self] request in
            let (poolName, name) = (request.parameter("pool"), request.parameter("name"))
            let label = request.queryValue("checkpoint")
            if let label { try Names.requireName(label, param: "checkpoint", what: "checkpoint label") }
            try database.write { db in
                let feature = try requireFeature(db, try requirePool(db, poolName), name)
                guard let label else { return try db.deleteFeature(featureID: feature.id) }
                guard let checkpoint = try db.checkpoint(featureID: feature.id, label: label) else {
                    throw APIError.notFound("checkpoint '\(label)' not found in feature '\(name)'", param: "checkpoint")
                }
                return try db.deleteCheckpoint(checkpointID: checkpoint.id)
            }
            invalidatePoolCaches(poolName)
            return .empty(204)
        }
    }

    /// Validates the body into a staging file by its media type with no lock held, then takes the
    /// writer lock only for the insert, and answers with the feature as committed (read on the
    /// writer, so a concurrent upload cannot slip in between).
    private func uploadFeature(_ request: HTTPRequest, _ upload: FeatureUploadRequest) throws -> JSONValue {
        // Fail fast on an unknown pool before reading a large body; the reader is released at once.
        let snapshot = try database.read { db in
            try FeatureUploadSnapshot.read(db, pool: try requirePool(db, upload.pool), upload: upload)
        }
        // Staged next to the database: same disk, same free space the rows will need.
        let directory = database.directory
        switch request.mediaType {
        case "application/x-npy":
            let staging = try FeatureUploadNPY.stage(request.body, snapshot: snapshot, upload: upload, directory: directory)
            return try database.write { db in
                let pool = try FeatureUploadNPY.write(db, snapshot: snapshot, upload: upload, staging: staging)
                return try Self.featureJSON(db, pool: pool, feature: try requireFeature(db, pool, upload.feature))
            }
        case "application/x-ndjson", "application/ndjson", "application/jsonl":
            let staged = try FeatureUploadNDJSON.stage(request.body, snapshot: snapshot, upload: upload, directory: directory,
                                                       limit: configuration.uploadBodyLimit)
            return try database.write { db in
                let pool = try FeatureUploadNDJSON.write(db, snapshot: snapshot, upload: upload, staged: staged)
                return try Self.featureJSON(db, pool: pool, feature: try requireFeature(db, pool, upload.feature))
            }
        case let other:
            throw APIError.invalid(
                "Content-Type \(other ?? "(none)") is not supported here; send application/x-npy or application/x-ndjson",
                param: "Content-Type")
        }
    }

    func requireFeature(_ db: Database, _ pool: PoolRecord, _ name: String) throws -> FeatureRecord {
        guard let f = try db.feature(poolID: pool.id, name: name) else {
            throw APIError.notFound("feature '\(name)' not found in pool '\(pool.name)'", param: "name")
        }
        return f
    }

    /// `{"object":"feature","pool","name","embedder","checkpoints":[{"label","dim","weight","rows","complete"}]}`.
    static func featureJSON(_ db: Database, pool: PoolRecord, feature: FeatureRecord) throws -> JSONValue {
        .object([
            "object": .string("feature"), "pool": .string(pool.name), "name": .string(feature.name),
            "embedder": ResourceJSON.optional(feature.embedder),
            "checkpoints": .array(try db.checkpointStatuses(feature: feature).map { c in
                .object(["label": .string(c.checkpoint.label), "dim": .int(c.checkpoint.dim),
                         "weight": .double(c.checkpoint.weight), "rows": .int(c.rows), "complete": .bool(c.complete)])
            }),
        ])
    }
}
