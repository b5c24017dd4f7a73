import HTTP

/// `?checkpoint=&method=pca&sample=&seed=&targets_job=` of
/// `GET /v1/pools/{pool}/features/{name}/projection`.
struct ProjectionQuery: Sendable, Equatable {
    enum Method: String, Sendable {
        case pca
    }

    /// The most rows a map draws (and the default): beyond it a seeded sample is taken.
    static let maxSample = 20_000
    /// What the route takes (any other, or one given twice, is a 400 before `parse`).
    static let parameters: Set<String> = ["checkpoint", "method", "sample", "seed", "targets_job"]

    /// nil: the feature's only checkpoint (400 when it has several).
    let checkpoint: String?
    let method: Method
    let sample: Int
    let seed: UInt64
    /// A selection job over this pool and feature: its targets are projected on the same axes
    /// and the sampled candidates carry their rank in its result.
    let targetsJob: String?

    static func parse(_ request: HTTPRequest) throws -> ProjectionQuery {
        let checkpoint = request.queryValue("checkpoint")
        if let checkpoint { try Names.requireName(checkpoint, param: "checkpoint", what: "checkpoint label") }
        let rawMethod = request.queryValue("method") ?? Method.pca.rawValue
        guard let method = Method(rawValue: rawMethod) else {
            throw APIError.invalid("method must be pca, got \"\(rawMethod.prefix(40))\"", param: "method")
        }
        let sample = try request.queryInteger("sample", in: 1...maxSample) ?? maxSample
        let seed = try request.queryInteger("seed", in: 0...Int.max).map(UInt64.init) ?? 0
        let job = request.queryValue("targets_job")
        if job == "" { throw APIError.invalid("targets_job must not be empty; omit it for a map without targets", param: "targets_job") }
        return ProjectionQuery(checkpoint: checkpoint, method: method, sample: sample, seed: seed, targetsJob: job)
    }
}
