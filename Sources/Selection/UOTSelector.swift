import JSON
import LinearAlgebra

/// `uot` (selection.md §5): candidates ranked by the column mass of the entropic unbalanced
/// transport plan from the targets. Prefix-stable.
public enum UOTSelector: Selector {
    public static let method = MethodDescription(
        name: "uot", summary: "column mass of the entropic unbalanced transport plan from the targets",
        parameters: [
            MethodParameter("eps", .number, default: .double(0.01), range: "> 0", help: "Entropic regularisation."),
            MethodParameter("reg_m", .number, default: .double(0.0001), range: "> 0", help: "Marginal relaxation."),
            MethodParameter("max_iter", .integer, default: .int(1000), range: ">= 1", help: "Iteration limit."),
            MethodParameter("tol", .number, default: .double(0.000001), range: "> 0", help: "Stopping tolerance."),
        ],
        diagnostics: [("all_scores", .perCandidate), ("iterations", .scalar), ("stop", .scalar)])

    public static func select(
        _ input: SelectionInput, budget: Budget?, parameters: Parameters, seed: UInt64?, control: SelectionControl
    ) throws -> SelectionResult {
        let solver = UOTSolver(parameters: try UOTParameters(parameters))
        let request = try SimilarityRequest.prepare(input, budget: budget, control: control)
        // The solver turns its copy into the kernel; S itself is kept for the quality
        // diagnostics (coverage.md §4: uot reads the S it made instead of a second GEMM pass),
        // at the price of a second M x N float64 buffer while the solver runs.
        var kernel = request.similarity
        let outcome = try solver.solve(&kernel, pool: request.pool, control: control)
        var result = result(outcome, order: Array(RowRanking.order(outcome.mass).prefix(request.k)))
        result.similarity = request.similarity
        return result
    }
}
