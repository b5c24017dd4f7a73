import Selection

/// A parsed `POST /v1/evaluations` body (docs/evaluations.md), every default filled in.
struct EvaluationRequest: Sendable {
    static let maxQueries = 10_000
    static let maxArms = 16
    static let defaultResamples = 2000

    var pool: String
    var queries: EvaluationQueries
    var arms: [EvaluationArm]
    var scorer: AnswerScorer
    /// Evaluate a seeded sample of this many queries (all when nil or larger than the set).
    var limit: Int?
    /// Seeds the query sample and every bootstrap interval.
    var seed = 0
    var resamples = EvaluationRequest.defaultResamples
}
