/// The prologue shared by every similarity-based selector: validate the inputs, resolve the budget
/// to a count `k`, then stream the similarity matrix. Parameters are validated by the caller first,
/// so that a bad parameter is reported before any candidate block is read.
struct SimilarityRequest {
    var similarity: SimilarityMatrix
    let k: Int
    /// The selection's threads, kept for the method's own parallel steps after the pass.
    let pool: WorkerPool

    static func prepare(_ input: SelectionInput, budget: Budget?, control: SelectionControl) throws -> SimilarityRequest {
        let weights = try input.validate()
        let k = try resolveBudget(budget, candidateCount: input.candidateCount)
        let pool = input.makePool()
        let s: SimilarityMatrix
        if let mapped = input.mapped?.similarity {
            guard mapped.targetCount == input.targetCount, mapped.candidateCount == input.candidateCount else {
                throw SelectionError(.shapeMismatch, "the mapped similarity is \(mapped.targetCount) x \(mapped.candidateCount), the input \(input.targetCount) x \(input.candidateCount)", parameter: "candidates")
            }
            s = mapped
        } else {
            s = try SimilarityMatrix.compute(input, weights: weights, pool: pool, control: control)
        }
        return SimilarityRequest(similarity: s, k: k, pool: pool)
    }

    /// A mandatory budget resolved against N.
    static func resolveBudget(_ budget: Budget?, candidateCount n: Int) throws -> Int {
        guard let budget else { throw SelectionError(.invalidBudget, "a budget is required: give k or fraction", parameter: "k") }
        return try budget.resolve(n: n)
    }
}
