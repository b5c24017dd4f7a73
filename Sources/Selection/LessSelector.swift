import JSON
import LinearAlgebra

/// `less` (selection.md §3): candidates ranked by their best group-mean similarity. Prefix-stable.
/// Parameter `groups` (`"each"` default = doubly greedy, `"all"`, an integer, or labels).
public enum LessSelector: Selector {
    public static let method = MethodDescription(
        name: "less", summary: "cosine similarity to the targets, best group mean (LESS)",
        parameters: [
            MethodParameter(
                LessGroups.parameterName, .any, default: .string("each"), range: "each | all | n >= 1 | [label, ...]",
                help: "Target groups: each target, all targets, n contiguous groups, or one label per target."),
        ],
        diagnostics: [("all_scores", .perCandidate)])

    public static func select(
        _ input: SelectionInput, budget: Budget?, parameters: Parameters, seed: UInt64?, control: SelectionControl
    ) throws -> SelectionResult {
        try parameters.rejectUnknown(allowed: allowedParameters)
        let groups = try LessGroups.parse(parameters.raw(LessGroups.parameterName))
        return try select(input, budget: budget, groups: groups, control: control)
    }

    /// The ranking for an already parsed group spec (shared with `doubly_greedy` and `mean_topk`).
    public static func select(
        _ input: SelectionInput, budget: Budget?, groups: LessGroups, control: SelectionControl
    ) throws -> SelectionResult {
        _ = try input.validate()
        // Group shapes are checked before the (long) similarity pass.
        let members = try groups.members(targetCount: input.targetCount)
        let request = try SimilarityRequest.prepare(input, budget: budget, control: control)
        let scores = try LessScoring.scores(request.similarity, groups: members, pool: request.pool, control: control)
        var result = ranked(scores, k: request.k)
        result.similarity = request.similarity
        return result
    }

    /// The first `k` candidates by score, with every score as `all_scores`.
    static func ranked(_ scores: [Double], k: Int) -> SelectionResult {
        let order = Array(RowRanking.order(scores).prefix(k))
        return SelectionResult(order: order, scores: order.map { scores[$0] }, diagnostics: [JSONValue.Member("all_scores", .doubles(scores))])
    }
}
