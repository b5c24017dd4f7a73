import HTTP
import Selection
import Storage

extension ShortlistService {
    func registerFeatureRoutes() {
        let pattern = "/v1/pools/{pool}/features/{name}"
        // The server bounds a stream by the larger of the two limits; the body is never collected.
        let uploadLimits = (body: min(configuration.jsonBodyLimit, configuration.uploadBodyLimit), stream: configuration.uploadBodyLimit)
        route("PUT", pattern, bodyLimit: uploadLimits.body, streamLimit: uploadLimits.stream) { [unowned self] request in
            try Self.rejectUnknownQuery(request, allowed: ["checkpoint", "weight"])
            let upload = try FeatureUploadRequest.parse(request)
            // Fail fast on an unknown pool before reading a large body.
            _ = try database.read { db in try requirePool(db, upload.pool) }
            let feature = try uploadFeature(request, upload)
            invalidatePoolCaches(upload.pool)
            return .json(200, feature)
        }
        route("GET", pattern) { [unowned self] request in
            try Self.rejectUnknownQuery(request, allowed: [])
            let (poolName, name) = (request.parameter("pool"), request.parameter("name"))
            let feature = try database.read { db -> JSONValue in
                let pool = try requirePool(db, poolName)
                return try Self.featureJSON(db, pool: pool, feature: try requireFeature(db, pool, name))
            }
            return .json(200, feature)
        }
        route("DELETE", pattern) { [unowned self] request in
            try Self.rejectUnknownQuery(request, allowed: ["checkpoint"])
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

    /// Streams the body into storage by its media type and answers with the feature as committed
    /// (read on the writer, so a concurrent upload cannot slip in between).
    private func uploadFeature(_ request: HTTPRequest, _ upload: FeatureUploadRequest) throws -> JSONValue {
        switch request.mediaType {
        case "application/x-npy":
            let (header, rest) = try FeatureUploadNPY.readHeader(request.body)
            return try database.write { db in
                let pool = try requirePool(db, upload.pool)
                try FeatureUploadNPY.write(db, pool: pool, upload: upload, header: header, rest: rest, body: request.body)
                return try Self.featureJSON(db, pool: pool, feature: try requireFeature(db, pool, upload.feature))
            }
        case "application/x-ndjson", "application/ndjson", "application/jsonl":
            return try database.write { db in
                let pool = try requirePool(db, upload.pool)
                try FeatureUploadNDJSON.write(db, pool: pool, upload: upload, body: request.body,
                                              limit: configuration.uploadBodyLimit)
                return try Self.featureJSON(db, pool: pool, feature: try requireFeature(db, pool, upload.feature))
            }
        case let other:
            throw APIError.invalid(
                "Content-Type \(other ?? "(none)") is not supported here; send application/x-npy or application/x-ndjson",
                param: "Content-Type")
        }
    }

    private func requireFeature(_ db: Database, _ pool: PoolRecord, _ name: String) throws -> FeatureRecord {
        guard let f = try db.feature(poolID: pool.id, name: name) else {
            throw APIError.notFound("feature '\(name)' not found in pool '\(pool.name)'", param: "name")
        }
        return f
    }

    /// A typo in a query parameter (`?checkpont=`) would otherwise silently write to `default`.
    private static func rejectUnknownQuery(_ request: HTTPRequest, allowed: Set<String>) throws(APIError) {
        for (name, _) in request.query where !allowed.contains(name) {
            throw APIError.invalid("unknown query parameter \(name)", param: name, code: "unknown_parameter")
        }
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
