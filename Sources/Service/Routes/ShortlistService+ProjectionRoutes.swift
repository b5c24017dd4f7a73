import HTTP
import JSON
import LinearAlgebra
import Selection
import Storage

extension ShortlistService {
    func registerProjectionRoutes() {
        route("GET", "/v1/pools/{pool}/features/{name}/projection", query: ProjectionQuery.parameters) { [unowned self] request in
            let query = try ProjectionQuery.parse(request)
            // Unmapped, as a selection job reads: the sample may be hundreds of MB.
            let input = try database.read(mapped: false) { db in
                try readProjectionInput(db, pool: request.parameter("pool"), feature: request.parameter("name"), query: query)
            }
            return .json(200, try Self.projectionJSON(input, query: query))
        }
    }

    private func readProjectionInput(_ db: Database, pool poolName: String, feature name: String,
                                     query: ProjectionQuery) throws -> ProjectionInput {
        let pool = try requirePool(db, poolName)
        let feature = try requireFeature(db, pool, name)
        let checkpoints = try db.checkpoints(featureID: feature.id)
        let checkpoint = try Self.projectedCheckpoint(checkpoints, query: query, feature: name)
        guard checkpoint.dim >= 2 else {
            throw APIError.invalid("checkpoint \(checkpoint.label) has d = \(checkpoint.dim); a 2-D map needs d >= 2",
                                   param: "checkpoint", code: "degenerate_input")
        }
        let n = try db.itemCount(poolID: pool.id)
        guard n > 0 else { throw APIError.invalid("pool '\(pool.name)' has no items to map", param: "pool", code: "empty_input") }
        let indices = ProjectionSample.indices(count: n, size: query.sample, seed: query.seed)
        let rows = try Self.readRows(db, checkpoint: checkpoint, poolID: pool.id, indices: indices)
        let keys = try db.itemKeys(poolID: pool.id)
        let targets = try query.targetsJob.map { id in
            try readProjectionTargets(db, jobID: id, pool: pool, feature: feature, checkpoints: checkpoints, checkpoint: checkpoint, query: query)
        }
        return ProjectionInput(pool: pool, feature: feature, checkpoint: checkpoint, itemCount: n, indices: indices,
                               ids: indices.map { keys[$0].extID }, rows: rows, targets: targets)
    }

    /// The named checkpoint, or the feature's only one.
    private static func projectedCheckpoint(_ checkpoints: [CheckpointRecord], query: ProjectionQuery, feature: String) throws -> CheckpointRecord {
        if let label = query.checkpoint {
            guard let c = checkpoints.first(where: { $0.label == label }) else {
                throw APIError.notFound("checkpoint '\(label)' not found in feature '\(feature)'", param: "checkpoint")
            }
            return c
        }
        switch checkpoints.count {
        case 0:
            throw APIError.invalid("feature '\(feature)' has no vectors yet", param: "name", code: "feature_incomplete")
        case 1:
            return checkpoints[0]
        default:
            throw APIError.invalid("feature '\(feature)' has \(checkpoints.count) checkpoints (\(checkpoints.map(\.label).joined(separator: ", "))); name one",
                                   param: "checkpoint")
        }
    }

    /// The rows of `indices` (ascending) in one pass over the checkpoint, `indices.count x dim`.
    private static func readRows(_ db: Database, checkpoint: CheckpointRecord, poolID: Int64, indices: [Int]) throws -> [Float] {
        var rows = [Float](repeating: 0, count: indices.count * checkpoint.dim)
        try rows.withUnsafeMutableBufferPointer { buffer in
            var next = 0
            try db.forEachRow(checkpoint: checkpoint, poolID: poolID) { index in
                guard next < indices.count, indices[next] == index else { return nil }
                defer { next += 1 }
                return buffer.baseAddress! + next * checkpoint.dim
            }
        }
        return rows
    }

    private func readProjectionTargets(_ db: Database, jobID: String, pool: PoolRecord, feature: FeatureRecord,
                                       checkpoints: [CheckpointRecord], checkpoint: CheckpointRecord,
                                       query: ProjectionQuery) throws -> ProjectionTargets {
        guard let job = try db.job(id: jobID) else { throw APIError.notFound("job '\(jobID)' not found", param: "targets_job") }
        guard job.kind == .selection else {
            throw APIError.invalid("job \(jobID) is an \(job.kind.rawValue) job; targets_job needs a selection job", param: "targets_job")
        }
        guard job.status == .succeeded else {
            throw APIError.conflict("job \(jobID) is \(job.status.rawValue); a map of its selection needs a succeeded job", param: "targets_job")
        }
        let request = try SelectionRequest.parse(try JSONParser.parse(job.request))
        guard request.candidatePool == pool.name, request.candidateFeature == feature.name else {
            throw APIError.invalid("job \(jobID) selected from \(request.candidatePool)/\(request.candidateFeature ?? "(text)"), not \(pool.name)/\(feature.name)",
                                   param: "targets_job")
        }
        let matrices = try SelectionPlan.resolveTargets(request.targets, checkpoints: checkpoints, in: db, missing: .notFound)
        let all = matrices[checkpoints.firstIndex { $0.id == checkpoint.id } ?? 0]
        let indices = ProjectionSample.indices(count: all.rows, size: query.sample, seed: query.seed)
        var rows = [Float]()
        rows.reserveCapacity(indices.count * all.cols)
        for i in indices { rows.append(contentsOf: all.values[(i * all.cols)..<((i + 1) * all.cols)]) }
        var ranks: [String: Int] = [:]
        try db.forEachJobResult(jobID: jobID) { ranks[$0.itemID] = $0.rank }
        return ProjectionTargets(jobID: jobID, indices: indices, rows: rows, ranks: ranks)
    }

    /// `{"object":"projection", ..., "points":[{"index","id","x","y","rank"}], "targets":[{"index","x","y"}]}`.
    static func projectionJSON(_ input: ProjectionInput, query: ProjectionQuery) throws -> JSONValue {
        let d = input.checkpoint.dim
        let pca = try input.rows.withUnsafeBufferPointer { try PrincipalProjection.fit(rows: $0, count: input.indices.count, dim: d) }
        let xy = input.rows.withUnsafeBufferPointer { pca.project(rows: $0, count: input.indices.count) }
        let points = input.indices.indices.map { p -> JSONValue in
            .object(["index": .int(input.indices[p]), "id": .string(input.ids[p]),
                     "x": .double(xy[2 * p]), "y": .double(xy[2 * p + 1]),
                     "rank": input.targets?.ranks[input.ids[p]].map(JSONValue.int) ?? .null])
        }
        var targets: [JSONValue] = []
        if let t = input.targets {
            let txy = t.rows.withUnsafeBufferPointer { pca.project(rows: $0, count: t.indices.count) }
            targets = t.indices.indices.map { p in
                .object(["index": .int(t.indices[p]), "x": .double(txy[2 * p]), "y": .double(txy[2 * p + 1])])
            }
        }
        return .object([
            "object": .string("projection"), "pool": .string(input.pool.name), "feature": .string(input.feature.name),
            "checkpoint": .string(input.checkpoint.label), "method": .string(query.method.rawValue), "seed": .int(Int(query.seed)),
            "dim": .int(d), "total": .int(input.itemCount), "sample": .int(input.indices.count),
            "variances": .array(pca.variances.map(JSONValue.double)), "total_variance": .double(pca.totalVariance),
            "targets_job": input.targets.map { JSONValue.string($0.jobID) } ?? .null,
            "points": .array(points), "targets": .array(targets),
        ])
    }
}
