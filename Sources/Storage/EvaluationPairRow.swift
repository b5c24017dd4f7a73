/// One finished (query, arm) pair of an evaluation job. An `ok` pair has the model's answer, the
/// scorer's extracted value and whether it is correct; an `error` pair (the upstream failed after
/// its retries) has `error` instead and counts in no accuracy.
public struct EvaluationPairRow: Sendable, Equatable {
    public let queryIndex: Int
    public let armIndex: Int
    public let isError: Bool
    /// The chosen exemplars' ids, best first, as a JSON array text.
    public let exemplarIDs: String
    public let answer: String?
    public let value: String?
    public let correct: Bool?
    /// Milliseconds spent in LLM calls for this pair (0 when the cache answered them all).
    public let latencyMs: Double?
    public let promptTokens: Int?
    public let completionTokens: Int?
    /// "hit" or "miss" for the final answer.
    public let cache: String?
    /// The failure, as the API's error JSON text.
    public let error: String?

    public init(queryIndex: Int, armIndex: Int, isError: Bool, exemplarIDs: String, answer: String? = nil, value: String? = nil,
                correct: Bool? = nil, latencyMs: Double? = nil, promptTokens: Int? = nil, completionTokens: Int? = nil,
                cache: String? = nil, error: String? = nil) {
        self.queryIndex = queryIndex
        self.armIndex = armIndex
        self.isError = isError
        self.exemplarIDs = exemplarIDs
        self.answer = answer
        self.value = value
        self.correct = correct
        self.latencyMs = latencyMs
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.cache = cache
        self.error = error
    }

    /// The export order and page key: query-major, then arm.
    public func position(armCount: Int) -> Int { queryIndex * armCount + armIndex }
}
