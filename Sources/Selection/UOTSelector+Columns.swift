import JSON
import LinearAlgebra

extension UOTSelector {
    /// uot on S read in column blocks (a sharded run's reduce): `UOTSolver.solve(columns:)` keeps
    /// the kernel in a scratch file in `directory` instead of M x N in memory, with `select`'s
    /// sums in `select`'s order, so the masses, the order and the diagnostics are `select`'s bit
    /// for bit. Without `quality` (`SelectionQuality.measure(columns:order:)` adds it).
    public static func select(
        columns s: any SimilarityColumns, budget: Budget?, parameters: Parameters, directory: String, workers: Int, control: SelectionControl
    ) throws -> SelectionResult {
        let solver = UOTSolver(parameters: try UOTParameters(parameters))
        let k = try SimilarityRequest.resolveBudget(budget, candidateCount: s.candidateCount)
        let outcome = try solver.solve(columns: s, directory: directory, pool: WorkerPool(width: workers), control: control)
        let order = Array(RowRanking.order(outcome.mass).prefix(k))
        return result(outcome, order: order)
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
