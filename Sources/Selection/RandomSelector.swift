import LinearAlgebra

/// `random` (selection.md §7): the first `k` entries of the SplitMix64 permutation of `0..<N`
/// (seed default 0). Needs no targets, but still rejects non-finite vectors. Prefix-stable per seed.
public enum RandomSelector: Selector {
    public static let method = MethodDescription(
        name: "random", summary: "a uniform sample of the candidates (a baseline)", needsTargets: false, defaultSeed: 0)

    public static func select(
        _ input: SelectionInput, budget: Budget?, parameters: Parameters, seed: UInt64?, control: SelectionControl
    ) throws -> SelectionResult {
        try parameters.rejectUnknown(allowed: allowedParameters)
        _ = try input.validate(requireTargets: false)
        let k = try SimilarityRequest.resolveBudget(budget, candidateCount: input.candidateCount)
        try rejectNonFiniteCandidates(input, control: control)
        let order = Array(SplitMix64.permutation(input.candidateCount, seed: seed ?? method.defaultSeed ?? 0).prefix(k))
        return SelectionResult(order: order, scores: nil)
    }

    /// One streamed pass over every checkpoint's candidates (the only use random makes of them).
    static func rejectNonFiniteCandidates(_ input: SelectionInput, control: SelectionControl) throws {
        for checkpoint in input.checkpoints {
            try checkpoint.candidates.forEachBlock(maxRows: input.blockRows) { start, _, values in
                try control.checkCancelled()
                if let bad = values.firstIndex(where: { !$0.isFinite }) {
                    let row = start + bad / max(1, checkpoint.candidates.dim)
                    throw SelectionError(.nonFiniteInput, "candidate \(row) of checkpoint \(checkpoint.label) contains NaN or Inf", parameter: "candidates")
                }
            }
        }
    }
}
