import Selection
import Storage

extension TextSelectionPlan {
    /// The vectors a text method's `quality` is measured on (coverage.md §4), so that dsir can be
    /// compared with the methods on vectors: the first feature of the candidate pool (by creation)
    /// that the target pool also holds under the same name, with the same checkpoints and dims and
    /// a vector for every item of both pools. Nil for inline target texts or when no feature
    /// qualifies (`quality` is then null). Resolved when the job starts, in its read snapshot.
    func qualityVectors(_ request: SelectionRequest, in db: Database) throws -> SelectionPlan? {
        guard case let .pool(targetPool, _, _) = targets else { return nil }
        for details in try db.featureDetails(poolID: pool.id) {
            let name = details.feature.name
            let onVectors = SelectionRequest(
                candidatePool: pool.name, candidateFeature: name, targets: .stored(pool: targetPool.name, feature: name),
                method: request.method, budget: request.budget, params: [], checkpointWeights: nil, seed: nil)
            do {
                return try SelectionPlan.resolve(onVectors, in: db, missing: .invalidRequest)
            } catch is APIError {
                continue  // missing in the target pool, other checkpoints or dims, or incomplete
            }
        }
        return nil
    }
}
