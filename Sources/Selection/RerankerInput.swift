/// What an exemplar re-ranker ranks from, which decides what a request must supply.
public enum RerankerInput: Sendable, Equatable {
    /// The dense first stage: the top m of F by inner product with the query vector.
    case firstStage
    /// The whole filtered pool, vectors only checked (`random`).
    case pool
    /// The bm25 ranking of the question against the items' questions: no vectors (`bm25`).
    case text
    /// The dense first stage and the bm25 ranking (`hybrid`).
    case firstStageAndText
}
