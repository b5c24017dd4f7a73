import JSON
import Selection

extension ExemplarRequest {
    /// The body's fields: these, and every parameter a re-ranker declares.
    static let fields: Set<String> = ExemplarOptions.rerankerParameterNames.union([
        "pool", "question", "k", "method", "feature", "checkpoint", "m", "dual_query", "initial_ids", "initial_k", "cot", "query_vector", "filter", "exclude_ids", "include_prompt", "generate",
        "prompt_format", "instruction", "generation", "answer_pattern", "max_prompt_bytes",
    ])
    static let generationFields: Set<String> = ["temperature", "max_tokens", "cot_max_tokens", "stop", "seed"]

    /// `query_vector` is decoded straight into Float storage.
    static let floatPlan = JSONFloatPlan.members(["query_vector": .vector])

    /// Reads and range-checks the body; every error names its JSON path.
    static func parse(_ value: JSONValue, defaults: GenerationDefaults = GenerationDefaults()) throws -> ExemplarRequest {
        try parse(JSONDocument(value: value), defaults: defaults)
    }

    static func parse(_ document: JSONDocument, defaults: GenerationDefaults = GenerationDefaults()) throws -> ExemplarRequest {
        // `max_prompt_bytes: null` is the documented way to say "no budget".
        let body = try JSONObjectReader(document.value, nullable: ["max_prompt_bytes"], floatBlocks: document.floatBlocks)
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
        try parseGeneration(body, defaults: defaults, into: &request)
        return request
    }

    /// `prompt_format`, `instruction`, `generation` and `answer_pattern` over the server's defaults.
    static func parseGeneration(_ body: JSONObjectReader, defaults: GenerationDefaults, into request: inout ExemplarRequest) throws {
        request.promptFormat = try body.string("prompt_format").map { try PromptFormat.named($0) } ?? defaults.promptFormat
        request.instruction = try body.string("instruction") ?? defaults.instruction
        request.generation = try generationSettings(body.object("generation"), defaults: defaults, format: request.promptFormat)
        if let pattern = try body.string("answer_pattern") { request.answerExtractor = try AnswerExtractor(pattern: pattern) }
    }

    static func generationSettings(_ object: JSONObjectReader?, defaults: GenerationDefaults, format: PromptFormat) throws -> GenerationSettings {
        var settings = GenerationSettings(defaults)
        guard let object else { return settings }
        try object.rejectUnknown(allowed: generationFields)
        if let t = try object.double("temperature") {
            guard (0...2).contains(t) else { throw invalid(object, "temperature", "must be between 0 and 2") }
            settings.temperature = t
        }
        settings.maxTokens = try tokenCap(object, "max_tokens") ?? settings.maxTokens
        settings.cotMaxTokens = try tokenCap(object, "cot_max_tokens") ?? settings.cotMaxTokens
        if let stop = try object.strings("stop") {
            if let n = stop.firstIndex(of: "") { throw invalid(object, "stop[\(n)]", "must not be empty") }
            // OpenAI-compatible APIs accept at most 4 stop sequences, the layout's own included.
            let all = format.layoutStops + stop.filter { !format.layoutStops.contains($0) }
            guard all.count <= 4 else {
                throw invalid(object, "stop", "at most \(4 - format.layoutStops.count) stop sequences in the \(format.rawValue) format")
            }
            settings.stop = stop
        }
        if let seed = try object.int("seed") {
            guard seed >= 0 else { throw invalid(object, "seed", "must be >= 0") }
            settings.seed = seed
        }
        return settings
    }

    private static func tokenCap(_ object: JSONObjectReader, _ key: String) throws -> Int? {
        guard let n = try object.int(key) else { return nil }
        guard (1...GenerationDefaults.maxTokensLimit).contains(n) else {
            throw invalid(object, key, "must be between 1 and \(GenerationDefaults.maxTokensLimit)")
        }
        return n
    }

    private static func invalid(_ object: JSONObjectReader, _ key: String, _ message: String) -> APIError {
        APIError.invalid("\(object.fieldPath(key)) \(message)", param: object.fieldPath(key), code: "invalid_parameter")
    }

    /// The engine's options; its parameter names become the API's (`reranker` is `method`).
    static func options(_ body: JSONObjectReader) throws -> ExemplarOptions {
        let method = try body.string("method") ?? ExemplarReranker.lore.rawValue
        let reranker = try ExemplarReranker.named(method, parameter: "method")
        let defaults = ExemplarOptions()
        let k = try body.int("k") ?? defaults.k
        let seed = try body.int("seed") ?? Int(defaults.seed)
        guard seed >= 0 else { throw APIError.invalid("seed must be >= 0", param: "seed", code: "invalid_parameter") }
        let options = ExemplarOptions(
            reranker: reranker, k: k, m: try body.int("m"), nComponents: try body.int("n_components") ?? defaults.nComponents,
            sigma: try body.double("sigma") ?? defaults.sigma, lambda: try body.double("lambda") ?? defaults.lambda, seed: UInt64(seed),
            rrfC: try body.double("rrf_c") ?? defaults.rrfC, scaleFactor: try body.double("scale_factor") ?? defaults.scaleFactor,
            maxPromptBytes: try body.int("max_prompt_bytes"))
        try options.validate()
        return options
    }

    private static func optionalName(_ body: JSONObjectReader, _ key: String) throws -> String? {
        guard let name = try body.string(key) else { return nil }
        try Names.requireName(name, param: key, what: "\(key) name")
        return name
    }
}
