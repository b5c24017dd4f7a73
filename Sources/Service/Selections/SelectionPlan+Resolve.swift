import JSON
import LinearAlgebra
import Selection
import Storage

extension SelectionPlan {
    /// How a missing pool or feature is reported: a 400 naming the field while validating a
    /// request, a `not_found` failure when a queued job finds its pool gone.
    enum MissingReference {
        case invalidRequest
        case notFound

        func error(_ message: String, param: String) -> APIError {
            switch self {
            case .invalidRequest: APIError.invalid(message, param: param)
            case .notFound: APIError.notFound(message, param: param)
            }
        }
    }

    /// Resolves `request` inside the caller's read snapshot (`database.read { db in ... }`).
    static func resolve(_ request: SelectionRequest, in db: Database, missing: MissingReference) throws -> SelectionPlan {
        guard let featureName = request.candidateFeature else {
            throw APIError.invalid("method \(request.method) needs candidates.feature", param: "candidates.feature")
        }
        let (pool, feature) = try requireFeature(db, request.candidatePool, featureName, param: "candidates", missing: missing)
        let checkpoints = try db.checkpoints(featureID: feature.id)
        guard !checkpoints.isEmpty else {
            throw APIError.invalid("feature '\(feature.name)' of pool '\(pool.name)' has no vectors yet", param: "candidates.feature", code: "feature_incomplete")
        }
        for checkpoint in checkpoints { try requireComplete(db, checkpoint, poolID: pool.id, param: "candidates.feature") }
        let n = try db.itemCount(poolID: pool.id)
        return SelectionPlan(
            pool: pool, feature: feature, checkpoints: checkpoints, candidateCount: n,
            targets: try resolveTargets(request.targets, checkpoints: checkpoints, in: db, missing: missing),
            weights: try resolveWeights(request.checkpointWeights, checkpoints: checkpoints))
    }

    private static func requireFeature(_ db: Database, _ poolName: String, _ featureName: String, param: String,
                                       missing: MissingReference) throws -> (PoolRecord, FeatureRecord) {
        guard let pool = try db.pool(named: poolName) else {
            throw missing.error("pool '\(poolName)' not found", param: "\(param).pool")
        }
        guard let feature = try db.feature(poolID: pool.id, name: featureName) else {
            throw missing.error("pool '\(poolName)' has no feature '\(featureName)'", param: "\(param).feature")
        }
        return (pool, feature)
    }

    private static func requireComplete(_ db: Database, _ checkpoint: CheckpointRecord, poolID: Int64, param: String) throws {
        guard let first = try db.checkpointStatus(checkpoint, poolID: poolID).firstMissing else { return }
        throw APIError.invalid(
            "feature is incomplete: checkpoint \(checkpoint.label) has no row for item \"\(first.extID)\" (index \(first.index))",
            param: param, code: "feature_incomplete")
    }

    static func resolveTargets(_ targets: SelectionTargets, checkpoints: [CheckpointRecord], in db: Database,
                               missing: MissingReference) throws -> [Matrix] {
        switch targets {
        case .none:
            return checkpoints.map { Matrix(rows: 0, cols: $0.dim) }
        case let .vectors(matrix):
            guard checkpoints.count == 1 else {
                throw APIError.invalid(
                    "the candidates' feature has \(checkpoints.count) checkpoints (\(checkpoints.map(\.label).joined(separator: ", "))); give targets.checkpoints with rows for each",
                    param: "targets.vectors", code: "shape_mismatch")
            }
            try requireDim(matrix, checkpoints[0], param: "targets.vectors")
            return [matrix]
        case let .checkpoints(inline):
            return try alignInline(inline, checkpoints: checkpoints)
        case let .stored(poolName, featureName):
            return try readStoredTargets(db, poolName, featureName, checkpoints: checkpoints, missing: missing)
        case .pool, .texts:
            // Only a method on the items' text parses to these, and it has no plan of vectors.
            throw APIError.invalid("targets of vectors need targets.feature, targets.vectors or targets.checkpoints", param: "targets")
        }
    }

    private static func requireDim(_ matrix: Matrix, _ checkpoint: CheckpointRecord, param: String) throws {
        guard matrix.cols == checkpoint.dim else {
            throw APIError.invalid("targets have d = \(matrix.cols), checkpoint \(checkpoint.label) of the candidates has d = \(checkpoint.dim)",
                                   param: param, code: "shape_mismatch")
        }
    }

    private static func alignInline(_ inline: [SelectionTargets.LabeledMatrix], checkpoints: [CheckpointRecord]) throws -> [Matrix] {
        let labels = Set(checkpoints.map(\.label))
        if let extra = inline.first(where: { !labels.contains($0.label) }) {
            throw APIError.invalid("the candidates have no checkpoint '\(extra.label)'", param: "targets.checkpoints.\(extra.label)", code: "shape_mismatch")
        }
        var out: [Matrix] = []
        for checkpoint in checkpoints {
            let path = "targets.checkpoints.\(checkpoint.label)"
            guard let matrix = inline.first(where: { $0.label == checkpoint.label })?.matrix else {
                throw APIError.invalid("targets.checkpoints lacks checkpoint '\(checkpoint.label)' of the candidates", param: "targets.checkpoints", code: "shape_mismatch")
            }
            try requireDim(matrix, checkpoint, param: path)
            if let first = out.first, first.rows != matrix.rows {
                throw APIError.invalid("\(path) has \(matrix.rows) rows, checkpoint \(checkpoints[0].label) has \(first.rows)", param: path, code: "shape_mismatch")
            }
            out.append(matrix)
        }
        return out
    }

    private static func readStoredTargets(_ db: Database, _ poolName: String, _ featureName: String,
                                          checkpoints: [CheckpointRecord], missing: MissingReference) throws -> [Matrix] {
        let (pool, feature) = try requireFeature(db, poolName, featureName, param: "targets", missing: missing)
        let stored = try db.checkpoints(featureID: feature.id)
        let wanted = checkpoints.map(\.label)
        guard Set(stored.map(\.label)) == Set(wanted) else {
            throw APIError.invalid(
                "targets have checkpoints [\(stored.map(\.label).joined(separator: ", "))], the candidates [\(wanted.joined(separator: ", "))]",
                param: "targets.feature", code: "shape_mismatch")
        }
        return try checkpoints.map { candidate in
            guard let target = stored.first(where: { $0.label == candidate.label }) else { throw StorageError.notFound("checkpoint '\(candidate.label)'") }
            guard target.dim == candidate.dim else {
                throw APIError.invalid("checkpoint \(candidate.label): targets have d = \(target.dim), candidates d = \(candidate.dim)",
                                       param: "targets.feature", code: "shape_mismatch")
            }
            try requireComplete(db, target, poolID: pool.id, param: "targets.feature")
            let read = try db.readMatrix(checkpoint: target, poolID: pool.id)
            return Matrix(rows: read.rows, cols: read.dim, values: read.values)
        }
    }

    /// The weights sent (every label, nothing else), else the candidates' stored weights.
    static func resolveWeights(_ sent: [JSONValue.Member]?, checkpoints: [CheckpointRecord]) throws -> [Double] {
        guard let sent else { return checkpoints.map(\.weight) }
        let labels = Set(checkpoints.map(\.label))
        if let unknown = sent.first(where: { !labels.contains($0.key) }) {
            throw APIError.invalid("the candidates have no checkpoint '\(unknown.key)'", param: "checkpoint_weights.\(unknown.key)", code: "invalid_parameter")
        }
        return try checkpoints.map { checkpoint in
            guard let value = sent.first(where: { $0.key == checkpoint.label })?.value else {
                throw APIError.invalid("checkpoint_weights must give every checkpoint or none; '\(checkpoint.label)' is missing",
                                       param: "checkpoint_weights", code: "invalid_parameter")
            }
            let path = "checkpoint_weights.\(checkpoint.label)"
            guard let w = value.doubleValue else { throw APIError.invalid("\(path) must be a number", param: path) }
            guard w.isFinite, w >= 0 else { throw APIError.invalid("\(path) must be finite and >= 0, got \(w)", param: path, code: "invalid_parameter") }
            return w
        }
    }
}
