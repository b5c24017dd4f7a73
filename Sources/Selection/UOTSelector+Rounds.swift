import JSON
import LinearAlgebra

extension UOTSelector {
    /// uot's result from the outcome of Sinkhorn rounds run elsewhere (a sharded run's block
    /// processes, `shortlist engine sinkhorn`): the masses ranked as `select` ranks them, so the
    /// order, the scores and the diagnostics are `select`'s. Without `quality`
    /// (`SelectionQuality.measure(columns:order:)` adds it).
    public static func select(_ outcome: UOTSolver.Outcome, budget: Budget?) throws -> SelectionResult {
        let k = try SimilarityRequest.resolveBudget(budget, candidateCount: outcome.mass.count)
        return result(outcome, order: Array(RowRanking.order(outcome.mass).prefix(k)))
    }

    /// The result of `outcome`'s masses ranked into `order`.
    static func result(_ outcome: UOTSolver.Outcome, order: [Int]) -> SelectionResult {
        SelectionResult(
            order: order, scores: order.map { outcome.mass[$0] },
            diagnostics: [
                JSONValue.Member("all_scores", .doubles(outcome.mass)),
                JSONValue.Member("iterations", .int(outcome.iterations)),
                JSONValue.Member("stop", .string(outcome.stop.rawValue)),
            ])
    }
}
