import Foundation
import JSON
import LinearAlgebra
import Selection
import Storage

/// A selection prepared for a sharded run (docs/scaling.md): a directory holding `job.json`
/// (the request's method, budget, params and seed, the resolved checkpoints with their weights and exported
/// manifests) and one `targets-<t>.npy` per checkpoint (for gist also its plan: `EngineJob+GIST`). `shortlist engine map` and `reduce` read
/// only this directory and the shard store, never the database.
public struct EngineJob: Sendable {
    static let fileName = "job.json"
    static let format = "shortlist-engine-job/1"
    /// The methods whose global steps run on mapped candidates (`MappedCandidates`): every
    /// similarity method, `random` and `gist` (whose maps also project). tarot, dsir,
    /// facility_location and leverage run only locally.
    public static let supportedMethods: Set<String> = ["random", "less", "doubly_greedy", "mean_topk", "round_robin", "uot", "knn_uniform", "gist"]

    public let directory: URL
    /// The request's candidates, method, budget, params and seed (`runJSON`); the targets are in
    /// the `.npy` files.
    let request: JSONValue
    let candidateCount: Int
    let targetCount: Int
    let checkpoints: [EngineCheckpoint]

    var method: String { request["method"]?.stringValue ?? "" }

    /// Whether the map steps write cosines: every method but `random`, and `random` too when it
    /// has targets, whose `quality` diagnostics are measured on S (coverage.md §4).
    var mapsSimilarity: Bool { method != "random" || targetCount > 0 }

    /// `prepare` on the database file at `databasePath` (`shortlist engine prepare`).
    public static func prepare(requestBody: [UInt8], databasePath: String, exporter: ShardExporter, directory: URL) throws -> EngineJob {
        try prepare(requestBody: requestBody, database: try DatabasePool(path: databasePath), exporter: exporter, directory: directory)
    }

    /// Resolves `requestBody` (a selection request) against `database` in one read snapshot,
    /// exports every checkpoint of the candidates with `exporter` from that snapshot and writes
    /// the job into `directory`.
    public static func prepare(requestBody: [UInt8], database: DatabasePool, exporter: ShardExporter, directory: URL) throws -> EngineJob {
        let request = try SelectionRequest.parse(try JSONParser.parse(requestBody, plan: SelectionRequest.floatPlan))
        return try prepare(request, database: database, exporter: exporter, directory: directory)
    }

    /// `prepare` for a request already parsed (a job's stored plan); `control` sees the export's
    /// progress and stops it on a cancel.
    static func prepare(_ request: SelectionRequest, database: DatabasePool, exporter: ShardExporter, directory: URL,
                        control: SelectionControl = .none) throws -> EngineJob {
        _ = try SelectionValidator.selector(for: request)
        guard supportedMethods.contains(request.method) else {
            throw EngineError("method \(request.method) has no sharded run; one of: \(supportedMethods.sorted().joined(separator: ", "))")
        }
        try EngineFiles.makeDirectory(directory)
        // Unmapped, like a local job's scan: gigabytes of rows read through mmap would stay in the
        // service's resident set.
        let (plan, exports) = try database.read(mapped: false, companions: exporter.threads - 1) { db, companions in
            let plan = try SelectionPlan.resolve(request, in: db, missing: .notFound)
            let exports = try exporter.export([db] + companions, pool: plan.pool, feature: plan.feature, checkpoints: plan.checkpoints,
                                              control: control)
            return (plan, exports)
        }
        var checkpoints: [EngineCheckpoint] = []
        for (t, checkpoint) in plan.checkpoints.enumerated() {
            let targets = plan.targets[t]
            let file = "targets-\(t).npy"
            try EngineFiles.write(NPYArray.file(floats: targets.values, rows: targets.rows, columns: targets.cols), to: directory.appendingPathComponent(file))
            checkpoints.append(EngineCheckpoint(label: checkpoint.label, weight: plan.weights[t], dim: checkpoint.dim,
                                                manifest: exports[t].manifestURL, targetsFile: file, shardCount: exports[t].manifest.shards.count))
        }
        let job = EngineJob(directory: directory, request: runJSON(request),
                            candidateCount: plan.candidateCount, targetCount: plan.targets.first?.rows ?? 0, checkpoints: checkpoints)
        try job.writePlan()
        try EngineFiles.write(JSONWriter.encode(job.json), to: directory.appendingPathComponent(fileName))
        return job
    }

    /// The method's global step before the maps, into the job directory: gist's subspaces
    /// (`writeGISTPlans`); nothing for the other methods.
    public func writePlan() throws {
        if method == "gist" { try writeGISTPlans() }
    }

    /// What the reduce reads of the request: the candidates, method, budget, params and seed.
    static func runJSON(_ request: SelectionRequest) -> JSONValue {
        // Every sharded method reads vectors, so its request names a feature.
        var candidates = [JSONValue.Member("pool", .string(request.candidatePool))]
        if let feature = request.candidateFeature { candidates.append(JSONValue.Member("feature", .string(feature))) }
        var members = [
            JSONValue.Member("candidates", .object(candidates)),
            JSONValue.Member("method", .string(request.method)), JSONValue.Member("budget", SelectionRequest.budgetJSON(request.budget)),
            JSONValue.Member("params", .object(request.params)),
        ]
        if let seed = request.seed { members.append(JSONValue.Member("seed", SelectionRequest.seedJSON(seed))) }
        return .object(members)
    }

    var json: JSONValue {
        .object([
            "format": .string(Self.format), "method": .string(method), "candidate_count": .int(candidateCount),
            "target_count": .int(targetCount), "checkpoints": .array(checkpoints.map(\.json)), "request": request,
        ])
    }

    public static func load(_ directory: URL) throws -> EngineJob {
        let value = try JSONParser.parse(try EngineFiles.read(directory.appendingPathComponent(fileName)))
        guard value["format"]?.stringValue == format, let request = value["request"], let n = value["candidate_count"]?.intValue,
              let m = value["target_count"]?.intValue, let checkpoints = value["checkpoints"]?.arrayValue, !checkpoints.isEmpty else {
            throw EngineError("\(directory.path)/\(fileName) is not a \(format) job")
        }
        return EngineJob(directory: directory, request: request, candidateCount: n, targetCount: m,
                         checkpoints: try checkpoints.map(EngineCheckpoint.init))
    }

    /// The target rows of checkpoint `t`.
    func targets(_ t: Int) throws -> Matrix {
        let array = try NPYArray.read(directory.appendingPathComponent(checkpoints[t].targetsFile))
        return Matrix(rows: array.rows, cols: array.columns, values: try array.floats())
    }
}
