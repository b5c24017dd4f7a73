import JSON
import Selection

extension SelectionRequest {
    /// The body of a method on the items' text (`MethodDescription.Input.texts`, dsir.md §2):
    /// candidates name a pool (no feature), targets a pool or inline `texts`; there are no
    /// vectors, checkpoints or checkpoint weights to send.
    static func parseTextRequest(_ body: JSONObjectReader, method: String) throws(APIError) -> SelectionRequest {
        guard let candidates = try body.object("candidates") else {
            throw APIError.invalid("candidates is required: {\"pool\"}", param: "candidates")
        }
        try candidates.rejectUnknown(allowed: ["pool"])
        let pool = try candidates.requiredString("pool")
        try Names.requireName(pool, param: "candidates.pool", what: "pool name")
        if body.has("checkpoint_weights") {
            throw APIError.invalid("\(method) selects on the items' text, which has no checkpoints", param: "checkpoint_weights", code: "unknown_parameter")
        }
        return SelectionRequest(
            candidatePool: pool, candidateFeature: nil,
            targets: try parseTextTargets(try body.object("targets")),
            method: method,
            budget: try parseBudget(body.value("budget")),
            params: try parseObjectMembers(body, "params"),
            checkpointWeights: nil,
            seed: try parseSeed(body),
            execution: try SelectionExecution.parse(try body.object("execution")))
    }

    /// `{"pool"}` or `{"texts": [String]}` (1 to `maxInlineRows` texts, used verbatim).
    private static func parseTextTargets(_ reader: JSONObjectReader?) throws(APIError) -> SelectionTargets {
        guard let reader else { return .none }
        try reader.rejectUnknown(allowed: ["pool", "texts"])
        guard reader.has("texts") else {
            let pool = try reader.requiredString("pool")
            try Names.requireName(pool, param: "targets.pool", what: "pool name")
            return .pool(pool)
        }
        guard !reader.has("pool") else { throw APIError.invalid("give targets.pool or targets.texts, not both", param: "targets") }
        guard let texts = try reader.strings("texts") else { throw APIError.invalid("targets.texts must be an array of strings", param: "targets.texts") }
        guard !texts.isEmpty else { throw APIError.invalid("targets.texts needs at least one text", param: "targets.texts", code: "empty_input") }
        guard texts.count <= SelectionTargets.maxInlineRows else {
            throw APIError.invalid("targets.texts has \(texts.count) texts; at most \(SelectionTargets.maxInlineRows) inline texts are accepted (store larger targets as a pool)",
                                   param: "targets.texts")
        }
        return .texts(texts)
    }
}
