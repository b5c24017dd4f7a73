/// One labelled query of an evaluation job: its position in the evaluated order, its id (the
/// query pool's item id, or "q<n>" for the n-th inline query), the question and the gold answer.
public struct EvaluationQueryRow: Sendable, Equatable {
    public let queryIndex: Int
    public let extID: String
    public let question: String
    public let gold: String

    public init(queryIndex: Int, extID: String, question: String, gold: String) {
        self.queryIndex = queryIndex
        self.extID = extID
        self.question = question
        self.gold = gold
    }
}
