import JSON

/// One arm of an evaluation: its name, the exemplar request body it was given (without
/// `question`; the stored request keeps it verbatim) and that body parsed, `generate` on.
struct EvaluationArm: Sendable {
    let name: String
    let body: JSONValue
    let template: ExemplarRequest

    /// The exemplar request for one query: the arm's template with the query's question.
    func request(question: String) -> ExemplarRequest {
        var r = template
        r.question = question
        return r
    }
}
