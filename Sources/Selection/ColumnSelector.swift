/// A selector whose global steps need only per-target top lists or per-candidate reductions of
/// S, so that a sharded run's reduce reads S in column blocks (`SimilarityColumns`) and never
/// holds M x N (docs/scaling.md): round_robin, less (doubly_greedy, mean_topk) and knn_uniform.
/// `select(columns:)` gives `select`'s result on the same S, bit for bit.
public protocol ColumnSelector: Selector {
    static func select(columns: any SimilarityColumns, budget: Budget?, parameters: Parameters, control: SelectionControl) throws -> SelectionResult
}

extension ColumnSelector {
    /// `select(columns:)`, then coverage.md §4's `quality` diagnostics from one more pass over the
    /// blocks, appended as `selectAndMeasure` appends them.
    public static func selectAndMeasure(
        columns: any SimilarityColumns, budget: Budget?, parameters: Parameters, control: SelectionControl
    ) throws -> SelectionResult {
        var result = try select(columns: columns, budget: budget, parameters: parameters, control: control)
        result.setQuality(try SelectionQuality.measure(columns: columns, order: result.order))
        return result
    }
}
