import HTTP

/// The target of `PUT /v1/pools/{pool}/features/{name}?checkpoint=&weight=`, validated before any
/// body byte is read.
struct FeatureUploadRequest: Sendable, Equatable {
    let pool: String
    let feature: String
    let checkpoint: String
    /// nil: a new checkpoint gets 1, an existing one keeps its weight.
    let weight: Double?

    static let defaultCheckpoint = "default"

    static func parse(_ request: HTTPRequest) throws(APIError) -> FeatureUploadRequest {
        let feature = request.parameter("name")
        try Names.requireName(feature, param: "name", what: "feature name")
        let checkpoint = request.queryValue("checkpoint") ?? defaultCheckpoint
        try Names.requireName(checkpoint, param: "checkpoint", what: "checkpoint label")
        return FeatureUploadRequest(pool: request.parameter("pool"), feature: feature, checkpoint: checkpoint,
                                    weight: try request.queryValue("weight").map(parseWeight))
    }

    /// A finite number >= 0 (`-0` is stored as 0).
    static func parseWeight(_ raw: String) throws(APIError) -> Double {
        guard let w = Double(raw), w.isFinite, w >= 0 else {
            throw APIError.invalid("weight must be a finite number >= 0, got \"\(raw.prefix(40))\"", param: "weight")
        }
        return w == 0 ? 0 : w
    }
}
