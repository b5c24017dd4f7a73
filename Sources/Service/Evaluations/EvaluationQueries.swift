/// Where an evaluation's labelled queries come from: a pool whose items carry question and gold
/// answer, or the request itself.
enum EvaluationQueries: Sendable {
    case pool(String)
    case inline([Labelled])

    struct Labelled: Sendable, Equatable {
        let question: String
        let answer: String
    }
}
