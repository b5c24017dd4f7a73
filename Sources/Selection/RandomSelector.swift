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
        // A sharded run's map steps checked the rows already (`MappedCandidates`).
        if input.mapped == nil { try rejectNonFiniteCandidates(input, control: control) }
        let order = Array(SplitMix64.permutation(input.candidateCount, seed: seed ?? method.defaultSeed ?? 0).prefix(k))
        return SelectionResult(order: order, scores: nil)
    }

    /// Rows per task of the finiteness check.
    static let rowsPerTask = 512

    /// One streamed pass over every checkpoint's candidates (the only use random makes of them),
    /// each block checked in row ranges on the selection's threads; the lowest bad row is named.
    static func rejectNonFiniteCandidates(_ input: SelectionInput, control: SelectionControl) throws {
        let pool = input.makePool()
        for checkpoint in input.checkpoints {
            let d = max(1, checkpoint.candidates.dim)
            try checkpoint.candidates.forEachBlock(maxRows: input.blockRows) { start, rows, values in
                try control.checkCancelled()
                let ranges = WorkerPool.ranges(rows, size: rowsPerTask)
                try pool.forEach(ranges.count) { task, _ in
                    let range = ranges[task]
                    let slice = values[(range.lowerBound * d)..<min(values.count, range.upperBound * d)]
                    if let bad = slice.firstIndex(where: { !$0.isFinite }) {
                        throw SelectionError(.nonFiniteInput, "candidate \(start + bad / d) of checkpoint \(checkpoint.label) contains NaN or Inf", parameter: "candidates")
                    }
                }
            }
        }
    }
}
