import Selection

extension ExemplarRequest {
    static let fields: Set<String> = [
        "pool", "question", "k", "method", "feature", "checkpoint", "m", "n_components", "lambda", "sigma", "seed",
        "dual_query", "initial_ids", "initial_k", "cot", "query_vector", "filter", "exclude_ids", "include_prompt", "generate",
    ]

    /// `query_vector` is decoded straight into Float storage.
    static let floatPlan = JSONFloatPlan.members(["query_vector": .vector])

    /// Reads and range-checks the body; every error names its JSON path.
    static func parse(_ value: JSONValue) throws -> ExemplarRequest {
        try parse(JSONDocument(value: value))
    }

    static func parse(_ document: JSONDocument) throws -> ExemplarRequest {
        let body = try JSONObjectReader(document.value, floatBlocks: document.floatBlocks)
        try body.rejectUnknown(allowed: fields)
        let pool = try body.requiredString("pool")
        try Names.requireName(pool, param: "pool", what: "pool name")
        var request = ExemplarRequest(
            pool: pool, question: try body.requiredString("question"), options: try options(body),
            filter: try MetadataFilter(body.object("filter")))
        request.feature = try optionalName(body, "feature")
        request.checkpoint = try optionalName(body, "checkpoint")
        request.dualQuery = try body.bool("dual_query") ?? true
        request.initialIDs = try body.strings("initial_ids")
        request.initialK = try body.int("initial_k") ?? 4
        guard request.initialK >= 0 else { throw APIError.invalid("initial_k must be >= 0", param: "initial_k", code: "invalid_parameter") }
        request.cot = try body.string("cot")
        request.queryVector = try body.floats("query_vector")
        if request.queryVector?.isEmpty == true { throw APIError.invalid("query_vector must not be empty", param: "query_vector", code: "shape_mismatch") }
        request.excludeIDs = try body.strings("exclude_ids") ?? []
        request.includePrompt = try body.bool("include_prompt") ?? false
        request.generate = try body.bool("generate") ?? false
        return request
    }

    /// The engine's options; its parameter names become the API's (`reranker` is `method`).
    static func options(_ body: JSONObjectReader) throws -> ExemplarOptions {
        let method = try body.string("method") ?? ExemplarReranker.lore.rawValue
        let reranker = try ExemplarReranker.named(method, parameter: "method")
        let k = try body.int("k") ?? 8
        let seed = try body.int("seed") ?? 0
        guard seed >= 0 else { throw APIError.invalid("seed must be >= 0", param: "seed", code: "invalid_parameter") }
        let options = ExemplarOptions(
            reranker: reranker, k: k, m: try body.int("m"), nComponents: try body.int("n_components") ?? 128,
            sigma: try body.double("sigma") ?? 0.5, lambda: try body.double("lambda") ?? 0.5, seed: UInt64(seed))
        try options.validate()
        return options
    }

    private static func optionalName(_ body: JSONObjectReader, _ key: String) throws -> String? {
        guard let name = try body.string(key) else { return nil }
        try Names.requireName(name, param: key, what: "\(key) name")
        return name
    }
}
