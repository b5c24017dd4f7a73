import JSON

/// `facility_location` (coverage.md §2): targeted coverage. Every target should have a similar
/// selected candidate; a second candidate near an already covered target gains little. Lazy
/// greedy with rounds: once every target is covered at its best, coverage resets while the
/// picks stay out, so the next round gives every target its next-best cover; candidates with no
/// positive similarity come last in index order. Prefix-stable.
public enum FacilityLocationSelector: Selector {
    public static let method = MethodDescription(
        name: "facility_location",
        summary: "targeted coverage: every target gets a similar pick (lazy greedy facility location, in rounds)",
        parameters: [
            MethodParameter(
                LessGroups.parameterName, .any, default: .string("each"), range: "each | all | n >= 1 | [label, ...]",
                help: "Target weights: each group weighs 1/G, shared by its targets (each, all and n equal groups weigh every target 1/M)."),
        ])

    /// The largest `M * N` accepted: S is held in float64 (2 GB at the limit).
    public static let maxSimilarities = 250_000_000

    public static func select(
        _ input: SelectionInput, budget: Budget?, parameters: Parameters, seed: UInt64?, control: SelectionControl
    ) throws -> SelectionResult {
        try parameters.rejectUnknown(allowed: allowedParameters)
        let groups = try LessGroups.parse(parameters.raw(LessGroups.parameterName))
        _ = try input.validate()
        let members = try groups.members(targetCount: input.targetCount)
        let (m, n) = (input.targetCount, input.candidateCount)
        guard m * n <= maxSimilarities else {
            throw SelectionError(
                .invalidParameter, "facility_location holds the M x N similarities: M * N = \(m) * \(n) exceeds \(maxSimilarities)",
                parameter: "method")
        }
        let request = try SimilarityRequest.prepare(input, budget: budget, control: control)
        let saturation = try FacilityLocationSaturation(
            rows: request.similarity.values, targetCount: m, candidateCount: n, listLength: max(1, min(64, n)), pool: request.pool)
        let (greedy, g0, bounds) = try FacilityLocationGreedy.prepare(
            similarity: request.similarity, weights: targetWeights(members, targetCount: m),
            boundMaxima: m <= FacilityLocationBoundColumns.maxTargets ? saturation.bests : nil, pool: request.pool)
        let picks = try greedy.run(k: request.k, initialGains: g0, bounds: bounds, saturation: saturation, pool: request.pool, control: control)
        return SelectionResult(order: picks.order, scores: picks.scores, rounds: picks.rounds, similarity: request.similarity)
    }

    /// `w_i = 1 / (G * |g(i)|)`: each group weighs `1/G`, shared equally by its targets.
    static func targetWeights(_ groups: [[Int]], targetCount m: Int) -> [Double] {
        var w = [Double](repeating: 0, count: m)
        for group in groups {
            for i in group { w[i] = 1.0 / Double(groups.count * group.count) }
        }
        return w
    }
}
