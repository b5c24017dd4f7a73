/// `mean_topk`: `less` with `groups: "all"` (the mean similarity over all targets). No parameters.
public enum LessMeanTopKSelector: Selector {
    public static let method = MethodDescription(
        name: "mean_topk", summary: "less with one group: the mean over all targets", diagnostics: [("all_scores", .perCandidate)])

    public static func select(
        _ input: SelectionInput, budget: Budget?, parameters: Parameters, seed: UInt64?, control: SelectionControl
    ) throws -> SelectionResult {
        try parameters.rejectUnknown(allowed: allowedParameters)
        return try LessSelector.select(input, budget: budget, groups: .all, control: control)
    }
}
