import Foundation
import JSON
import LinearAlgebra

/// `leverage` (coverage.md §3): ℓ2 sensitivity sampling over the pool's own features. Rows in
/// rare directions score high (ridge leverage τ near 1), rows with many near-copies low, zero
/// rows 0. `sample` draws without replacement with probability ∝ τ (exponential races),
/// `top` takes the most unusual rows first. Targets are optional and only feed `quality`
/// (one more streamed pass: `Selector.selectAndMeasure`).
public enum LeverageSelector: Selector {
    public static let method = MethodDescription(
        name: "leverage",
        summary: "rows in rare directions of the pool's own features first (ridge leverage scores); targets optional",
        parameters: [
            MethodParameter("mode", .string, default: .string("sample"), range: "sample | top",
                            help: "sample: weighted sampling without replacement by leverage; top: highest leverage first."),
            MethodParameter("ridge", .number, default: .double(1e-3), range: "> 0",
                            help: "Ridge relative to the mean eigenvalue of the Gram matrix."),
        ],
        needsTargets: false, defaultSeed: 0,
        diagnostics: [
            ("mode", .scalar), ("all_scores", .perCandidate), ("lambda", .scalar), ("effective_dim", .scalar),
            ("n_positive", .scalar),
        ])

    public enum Mode: String, Sendable { case sample, top }

    /// The largest `min(N, D)` accepted: the Gram or kernel matrix is held in float64 (2 GiB at the limit).
    public static let maxSide = 16384

    public static func select(
        _ input: SelectionInput, budget: Budget?, parameters: Parameters, seed: UInt64?, control: SelectionControl
    ) throws -> SelectionResult {
        try parameters.rejectUnknown(allowed: allowedParameters)
        let modeName = try parameters.string("mode", default: method.parameter("mode").defaultString)
        guard let mode = Mode(rawValue: modeName) else {
            throw SelectionError(.invalidParameter, "mode must be \"sample\" or \"top\", got \"\(modeName)\"", parameter: "mode")
        }
        let ridge = try parameters.double("ridge", default: method.parameter("ridge").defaultDouble)
        guard ridge > 0 else { throw SelectionError(.invalidParameter, "ridge must be > 0, got \(ridge)", parameter: "ridge") }
        let weights = try input.validate(requireTargets: false)
        let k = try SimilarityRequest.resolveBudget(budget, candidateCount: input.candidateCount)
        var rows = LeverageRows(input, weights: weights)
        guard min(rows.candidateCount, rows.dim) <= maxSide else {
            throw SelectionError(
                .invalidParameter, "leverage holds a min(N, D)-square matrix: min(\(rows.candidateCount), \(rows.dim)) exceeds \(maxSide)",
                parameter: "method")
        }
        let pool = input.makePool()
        try rows.prepare(pool: pool, control: control)
        let scores = try LeverageScores.compute(rows, ridge: ridge, pool: pool, control: control)
        let tau = scores.tau
        let ranking = mode == .top ? RowRanking.order(tau) : sampleOrder(tau, seed: seed ?? method.defaultSeed ?? 0)
        let order = Array(ranking.prefix(k))
        var effectiveDim = 0.0
        for t in tau { effectiveDim = effectiveDim + t }
        return SelectionResult(
            order: order, scores: order.map { tau[$0] },
            diagnostics: [
                JSONValue.Member("mode", .string(mode.rawValue)),
                JSONValue.Member("all_scores", .doubles(tau)),
                JSONValue.Member("lambda", .double(scores.lambda)),
                JSONValue.Member("effective_dim", .double(effectiveDim)),
                JSONValue.Member("n_positive", .int(tau.filter { $0 > 0 }.count)),
            ])
    }

    /// Exponential races (coverage.md §3.2): `key_j = log(u_j) / τ_j` with `u_j` the (j+1)-th
    /// SplitMix64 draw mapped exactly into (0, 1]; the positive τ by (key desc, j asc), then
    /// the zero rows in index order. Every candidate draws, zero rows included.
    static func sampleOrder(_ tau: [Double], seed: UInt64) -> [Int] {
        var g = SplitMix64(seed: seed)
        var keys = [Double](repeating: 0, count: tau.count)
        var positive: [Int] = []
        var zero: [Int] = []
        for j in tau.indices {
            let u = Double((g.next() >> 11) + 1) * 0x1p-53
            if tau[j] > 0 {
                keys[j] = Foundation.log(u) / tau[j]
                positive.append(j)
            } else {
                zero.append(j)
            }
        }
        positive.sort { keys[$0] > keys[$1] || (keys[$0] == keys[$1] && $0 < $1) }
        return positive + zero
    }
}
