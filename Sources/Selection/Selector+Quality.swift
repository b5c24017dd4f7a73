extension Selector {
    /// `select`, then coverage.md §4's `quality` diagnostics, which every method reports in the
    /// same way so that methods can be compared without training: read from the similarity S the
    /// method kept (`SelectionResult.similarity`: less, mean_topk, doubly_greedy, round_robin,
    /// uot, knn_uniform, facility_location), else from one more streamed pass over the candidates
    /// (random, leverage, gist, tarot, and dsir when the service gives it vectors). A method declares nothing for it: the `quality` entry
    /// is appended to every method's diagnostics here and in `MethodDescription`.
    public static func selectAndMeasure(
        _ input: SelectionInput, budget: Budget?, parameters: Parameters, seed: UInt64?, control: SelectionControl
    ) throws -> SelectionResult {
        var result = try select(input, budget: budget, parameters: parameters, seed: seed, control: control)
        result.setQuality(try SelectionQuality.measure(result, input: input, control: control))
        return result
    }
}
