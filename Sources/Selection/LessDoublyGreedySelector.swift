/// `doubly_greedy`: `less` with `groups: "each"` (every target its own group). Takes no parameters.
public enum LessDoublyGreedySelector: Selector {
    public static let method = MethodDescription(
        name: "doubly_greedy", summary: "less with every target its own group", diagnostics: [("all_scores", .perCandidate)])

    public static func select(
        _ input: SelectionInput, budget: Budget?, parameters: Parameters, seed: UInt64?, control: SelectionControl
    ) throws -> SelectionResult {
        try parameters.rejectUnknown(allowed: allowedParameters)
        return try LessSelector.select(input, budget: budget, groups: .each, control: control)
    }
}
