import LinearAlgebra

/// GIST (gist.md): each candidate gradient is projected onto the validation-gradient subspace of
/// every checkpoint and scored by its best weighted cosine with the projected targets there.
public enum GISTSelector: Selector {
    public static let method = MethodDescription(
        name: "gist", summary: "best weighted cosine with the targets in each checkpoint's target subspace",
        parameters: [
            MethodParameter("rank", .integer, default: .int(150), range: ">= 1", help: "Subspace rank per checkpoint."),
            MethodParameter("energy", .number, default: nil, range: "(0, 1]", help: "Energy cut of the subspace; absent = none."),
            MethodParameter("target_mode", .any, default: .string("each"), range: "each | all | n >= 1 | [label, ...]",
                            help: "Target groups, as less's groups."),
        ],
        diagnostics: [("all_scores", .perCandidate), ("rank_used", .perCheckpoint), ("energy_captured", .perCheckpoint),
                      ("n_targets", .scalar)])
    /// A projection this small relative to its row carries no direction (gist.md §4).
    static let zeroProjectionRatio = 1e-6
    /// A target this small relative to σ_1 carries no direction (gist.md §3).
    static let zeroTargetRatio = 1e-9

    struct Options {
        var rank: Int
        var energy: Double?
        var targetMode: GISTTargetMode
    }

    public static func select(
        _ input: SelectionInput, budget: Budget?, parameters: Parameters, seed: UInt64?, control: SelectionControl
    ) throws -> SelectionResult {
        try parameters.rejectUnknown(allowed: allowedParameters)
        let options = try parseOptions(parameters)
        let weights = try input.validate()
        let n = input.candidateCount
        guard let budget else { throw SelectionError(.invalidBudget, "a budget is required: give k or fraction", parameter: "k") }
        let k = try budget.resolve(n: n)
        let groups = try options.targetMode.groups(targetCount: input.targetCount)

        let subspaces = try input.checkpoints.map {
            try GISTSubspace(targets: $0.targets, maxRank: options.rank, energy: options.energy, checkpoint: $0.label)
        }
        let targetSets = subspaces.map { unitTargets($0, groups: groups) }
        let valid = validTargets(targetSets, weights: weights, groupCount: groups.count)
        guard !valid.isEmpty else {
            throw SelectionError(.degenerateInput, "no validation target has a direction in the subspace", parameter: "targets")
        }

        let scores: [Double]
        if let mapped = input.mapped?.gistRows {
            // A sharded run's reduce: the maps projected the candidates and computed their cosines.
            scores = try mappedScores(mapped, weights: weights, groupCount: groups.count, valid: valid, n: n)
        } else {
            var similarity = [Double](repeating: 0, count: n * groups.count)
            let pool = input.makePool()
            for (t, checkpoint) in input.checkpoints.enumerated() {
                let projection = try GISTProjection(
                    checkpoint, basis: subspaces[t].floatBasis, blockRows: input.blockRows, pool: pool, control: control)
                try accumulateCosines(
                    projection, targets: targetSets[t].unit, weight: weights[t], into: &similarity, pool: pool, control: control)
            }
            scores = bestScores(similarity, groupCount: groups.count, valid: valid, n: n)
        }
        let order = Array(Ranking.order(scores).prefix(k))
        return SelectionResult(
            order: order,
            scores: order.map { scores[$0] },
            diagnostics: [
                .init("all_scores", .doubles(scores)),
                .init("rank_used", .ints(subspaces.map(\.rank))),
                .init("energy_captured", .doubles(subspaces.map(\.energyCaptured))),
                .init("n_targets", .int(valid.count)),
            ])
    }

    static func parseOptions(_ parameters: Parameters) throws -> Options {
        let rank = try parameters.int("rank", default: method.parameter("rank").defaultInt)
        guard rank >= 1 else { throw SelectionError(.invalidParameter, "rank must be >= 1, got \(rank)", parameter: "rank") }
        let energy = try parameters.optionalDouble("energy")
        if let energy, !(energy > 0 && energy <= 1) {
            throw SelectionError(.invalidParameter, "energy must lie in (0, 1], got \(energy)", parameter: "energy")
        }
        return Options(rank: rank, energy: energy, targetMode: try GISTTargetMode.parse(parameters.raw("target_mode")))
    }
}
