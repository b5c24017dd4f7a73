import JSON
import Selection

extension EvaluationRequest {
    static let fields: Set<String> = ["pool", "queries", "arms", "scorer", "limit", "seed", "resamples"]

    /// Exemplar-request fields an arm may not set, and why: the evaluation supplies them.
    static let suppliedFields: [String: String] = [
        "pool": "the arms share the evaluation's pool",
        "question": "each query's question is asked",
        "generate": "every arm generates its answer",
        "include_prompt": "the result does not carry prompts",
        "cot": "a given chain of thought would be the same for every query",
        "query_vector": "each query's question is embedded",
    ]

    /// Reads and range-checks the body; every error names its JSON path (`arms[1].k`,
    /// `queries[3].answer`). The database checks (pools, features, filters) are the route's.
    static func parse(_ value: JSONValue, defaults: GenerationDefaults) throws -> EvaluationRequest {
        let body = try JSONObjectReader(value)
        try body.rejectUnknown(allowed: fields)
        var request = try parseCommon(body, defaults: defaults, queries: try parseQueries(body))
        if let limit = try body.int("limit") {
            guard limit >= 1 else { throw APIError.invalid("limit must be >= 1", param: "limit", code: "invalid_parameter") }
            request.limit = limit
        }
        return request
    }

    /// The stored request of a job (the route's `json`): its queries are in the database.
    static func parse(stored text: String, defaults: GenerationDefaults) throws -> EvaluationRequest {
        let body = try JSONObjectReader(try JSONParser.parse(Array(text.utf8)), nullable: ["limit"])
        return try parseCommon(body, defaults: defaults, queries: .inline([]))
    }

    private static func parseCommon(_ body: JSONObjectReader, defaults: GenerationDefaults, queries: EvaluationQueries) throws -> EvaluationRequest {
        let pool = try body.requiredString("pool")
        try Names.requireName(pool, param: "pool", what: "pool name")
        guard let armValues = try body.array("arms") else { throw APIError.invalid("arms is required", param: "arms") }
        guard (1...maxArms).contains(armValues.count) else {
            throw APIError.invalid("arms must have 1 to \(maxArms) entries, got \(armValues.count)", param: "arms", code: "invalid_parameter")
        }
        var arms: [EvaluationArm] = []
        for (n, value) in armValues.enumerated() {
            let arm = try parseArm(value, index: n, pool: pool, defaults: defaults)
            if arms.contains(where: { $0.name == arm.name }) {
                throw APIError.invalid("arms[\(n)]: the name \"\(arm.name)\" is taken by an earlier arm; give each arm its own \"name\"",
                                       param: "arms[\(n)].name", code: "duplicate_name")
            }
            arms.append(arm)
        }
        var request = EvaluationRequest(pool: pool, queries: queries, arms: arms, scorer: try parseScorer(body))
        if let seed = try body.int("seed") {
            guard seed >= 0 else { throw APIError.invalid("seed must be >= 0", param: "seed", code: "invalid_parameter") }
            request.seed = seed
        }
        if let resamples = try body.int("resamples") {
            guard (100...100_000).contains(resamples) else {
                throw APIError.invalid("resamples must be between 100 and 100000", param: "resamples", code: "invalid_parameter")
            }
            request.resamples = resamples
        }
        return request
    }

    /// `[{question, answer}]` (at most `maxQueries`) or `{"pool": name}`.
    static func parseQueries(_ body: JSONObjectReader) throws -> EvaluationQueries {
        switch body.value("queries") {
        case nil:
            throw APIError.invalid("queries is required: an array of {question, answer} or {\"pool\": name}", param: "queries")
        case let .array(values)?:
            guard !values.isEmpty else { throw APIError.invalid("queries must not be empty", param: "queries", code: "empty_input") }
            guard values.count <= maxQueries else {
                throw APIError.invalid("queries has \(values.count) entries; at most \(maxQueries)", param: "queries", code: "too_many_queries")
            }
            return .inline(try values.enumerated().map { n, value in try labelled(value, path: "queries[\(n)]") })
        case let value?:
            guard case .object = value else {
                throw APIError.invalid("queries must be an array of {question, answer} or {\"pool\": name}", param: "queries")
            }
            let object = try JSONObjectReader(value, path: "queries")
            try object.rejectUnknown(allowed: ["pool"])
            let name = try object.requiredString("pool")
            try Names.requireName(name, param: "queries.pool", what: "pool name")
            return .pool(name)
        }
    }

    /// One inline query: a non-empty `question` and an `answer` (a string, or a number taken as written).
    static func labelled(_ value: JSONValue, path: String) throws -> EvaluationQueries.Labelled {
        let object = try JSONObjectReader(value, path: path)
        try object.rejectUnknown(allowed: ["question", "answer"])
        let question = try object.requiredString("question")
        guard !question.isEmpty else { throw APIError.invalid("\(path).question must not be empty", param: "\(path).question") }
        let answer: String
        switch object.value("answer") {
        case let .string(s)?: answer = s
        case let number? where number.doubleValue != nil: answer = JSONWriter.text(number)
        case nil: throw APIError.invalid("\(path).answer is required (the gold answer)", param: "\(path).answer")
        default: throw APIError.invalid("\(path).answer must be a string or a number", param: "\(path).answer")
        }
        return EvaluationQueries.Labelled(question: question, answer: answer)
    }

    /// An exemplar request body without the fields the evaluation supplies, plus an optional `name`.
    static func parseArm(_ value: JSONValue, index n: Int, pool: String, defaults: GenerationDefaults) throws -> EvaluationArm {
        let path = "arms[\(n)]"
        let object = try JSONObjectReader(value, path: path)
        for member in object.members {
            if let why = suppliedFields[member.key] {
                throw APIError.invalid("\(path).\(member.key) cannot be set in an arm: \(why)", param: "\(path).\(member.key)", code: "unknown_parameter")
            }
        }
        let members = object.members.filter { $0.key != "name" }
        let name = try object.string("name") ?? defaultName(members)
        guard (1...100).contains(name.count) else {
            throw APIError.invalid("\(path).name must have 1 to 100 characters", param: "\(path).name", code: "invalid_parameter")
        }
        let exemplarBody = JSONValue.object(members + [.init("pool", .string(pool)), .init("question", .string(""))])
        var template = try APIError.under(path) { try ExemplarRequest.parse(exemplarBody, defaults: defaults) }
        template.generate = true
        // Temperature 0 unless the arm asks otherwise: an evaluation compares methods, not samples.
        if try object.object("generation")?.has("temperature") != true { template.generation.temperature = 0 }
        return EvaluationArm(name: name, body: .object(members), template: template)
    }

    /// "method=knn,dual_query=false" from the arm's fields in the order given; "default" for `{}`.
    static func defaultName(_ members: [JSONValue.Member]) -> String {
        guard !members.isEmpty else { return "default" }
        return members.map { m in
            if case let .string(s) = m.value { return "\(m.key)=\(s)" }
            return "\(m.key)=\(JSONWriter.text(m.value))"
        }.joined(separator: ",")
    }

    /// `"exact" | "numeric" | "contains"`, or `{"type": ..., "pattern": ...}` (regex needs the pattern).
    static func parseScorer(_ body: JSONObjectReader) throws -> AnswerScorer {
        let kindName: String
        var pattern: String?
        switch body.value("scorer") {
        case nil: kindName = AnswerScorer.Kind.exact.rawValue
        case let .string(s)?: kindName = s
        case let value?:
            let object = try JSONObjectReader(value, path: "scorer")
            try object.rejectUnknown(allowed: ["type", "pattern"])
            kindName = try object.requiredString("type")
            pattern = try object.string("pattern")
        }
        var param = "scorer"
        if case .object? = body.value("scorer") { param = "scorer.type" }
        guard let kind = AnswerScorer.Kind(rawValue: kindName) else {
            let known = AnswerScorer.Kind.allCases.map(\.rawValue).joined(separator: ", ")
            throw APIError.invalid("unknown scorer \"\(kindName)\"; one of \(known)", param: param, code: "invalid_parameter")
        }
        do { return try AnswerScorer(kind: kind, pattern: pattern) } catch { throw APIError(error) }
    }

    /// What the job stores as its request (and `GET /v1/jobs/{id}` shows): the arms as sent, each
    /// named; the queries' source and how many were kept.
    func json(queryCount: Int) -> JSONValue {
        let source: JSONValue = switch queries {
        case let .pool(name): .object(["pool": .string(name)])
        case let .inline(items): .object(["inline": .int(items.count)])
        }
        var scorerMembers: [JSONValue.Member] = [.init("type", .string(scorer.kind.rawValue))]
        if let pattern = scorer.pattern { scorerMembers.append(.init("pattern", .string(pattern))) }
        return .object([
            .init("pool", .string(pool)),
            .init("queries", source),
            .init("query_count", .int(queryCount)),
            .init("arms", .array(arms.map { arm in
                guard case let .object(members) = arm.body else { return arm.body }
                return .object([.init("name", .string(arm.name))] + members)
            })),
            .init("scorer", .object(scorerMembers)),
            .init("limit", limit.map(JSONValue.int) ?? .null),
            .init("seed", .int(seed)),
            .init("resamples", .int(resamples)),
        ])
    }
}
