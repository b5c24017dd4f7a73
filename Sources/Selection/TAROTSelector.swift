import JSON
import LinearAlgebra

/// TAROT (tarot.md): selection by entropic optimal transport in whitened feature space, either to
/// a fixed budget (`fixed_size`) or with a data-chosen size by cross-validation over the targets
/// (`otm`, when no budget is given). Returns a set, ascending, with Sinkhorn potentials as weights.
public enum TAROTSelector: Selector {
    public static let method = MethodDescription(
        name: "tarot", summary: "entropic optimal transport in whitened feature space, fixed size or data-chosen (OTM)",
        parameters: [
            MethodParameter("last_layer", .string, default: .string("max_potential"), range: "max_potential | min_potential",
                            help: "Which end of the potentials a fixed-size selection keeps."),
            MethodParameter("ridge", .number, default: .double(0.00001), range: ">= 0", help: "Whitening ridge, relative to trace(cov) / d."),
            MethodParameter("k_folds", .integer, default: .int(10), range: ">= 1", help: "Cross-validation folds of OTM."),
            MethodParameter("max_neighbors", .integer, default: .int(2000), range: ">= 1", help: "Neighbours kept per target."),
        ],
        budget: .optional(whenAbsent: "the size is chosen by cross-validation (OTM)"), defaultSeed: 42,
        diagnostics: [("mode", .scalar), ("ratio", .scalar), ("n_select", .scalar), ("last_layer", .scalar), ("folds", .scalar)])

    enum LastLayer: String {
        case maxPotential = "max_potential"
        case minPotential = "min_potential"
    }

    struct Options {
        var lastLayer: LastLayer
        var ridge: Double
        var kFolds: Int
        var maxNeighbors: Int
    }

    public static func select(
        _ input: SelectionInput, budget: Budget?, parameters: Parameters, seed: UInt64?, control: SelectionControl
    ) throws -> SelectionResult {
        try parameters.rejectUnknown(allowed: allowedParameters)
        let options = try parseOptions(parameters)
        let weights = try input.validate()
        let n = input.candidateCount
        let count = try budget.map { try $0.resolve(n: n) }
        let pool = input.makePool()
        let features = try TAROTFeatures(input, weights: weights, ridge: options.ridge, pool: pool, control: control)
        let neighbours = try TAROTNeighbours(features, maxNeighbors: options.maxNeighbors, pool: pool, control: control)
        var outcome: TAROTOutcome
        if let count {
            outcome = try fixedSize(
                count, features: features, neighbours: neighbours, lastLayer: options.lastLayer, pool: pool, control: control)
        } else {
            outcome = try optimalTransportMode(
                features: features, neighbours: neighbours, kFolds: options.kFolds, seed: seed ?? method.defaultSeed ?? 0, pool: pool,
                control: control)
        }
        let potentials = outcome.selected.isEmpty
            ? []
            : sinkhorn(features, candidates: outcome.selected, targets: Array(0..<features.m), pool: pool).f
        var diagnostics: [JSONValue.Member] = [
            .init("mode", .string(count == nil ? "otm" : "fixed_size")),
            .init("ratio", .double(Double(outcome.selected.count) / Double(n))),
        ]
        diagnostics.append(contentsOf: outcome.diagnostics)
        return SelectionResult(
            order: outcome.selected, weights: potentials, diagnostics: diagnostics,
            warnings: features.warnings + outcome.warnings)
    }

    static func parseOptions(_ parameters: Parameters) throws -> Options {
        let lastLayerName = try parameters.string("last_layer", default: method.parameter("last_layer").defaultString)
        guard let lastLayer = LastLayer(rawValue: lastLayerName) else {
            throw SelectionError(.invalidParameter, "last_layer must be max_potential or min_potential, got \(lastLayerName)", parameter: "last_layer")
        }
        let ridge = try parameters.double("ridge", default: method.parameter("ridge").defaultDouble)
        guard ridge >= 0 else { throw SelectionError(.invalidParameter, "ridge must be >= 0, got \(ridge)", parameter: "ridge") }
        let kFolds = try parameters.int("k_folds", default: method.parameter("k_folds").defaultInt)
        guard kFolds >= 1 else { throw SelectionError(.invalidParameter, "k_folds must be >= 1, got \(kFolds)", parameter: "k_folds") }
        let maxNeighbors = try parameters.int("max_neighbors", default: method.parameter("max_neighbors").defaultInt)
        guard maxNeighbors >= 1 else {
            throw SelectionError(.invalidParameter, "max_neighbors must be >= 1, got \(maxNeighbors)", parameter: "max_neighbors")
        }
        return Options(lastLayer: lastLayer, ridge: ridge, kFolds: kFolds, maxNeighbors: maxNeighbors)
    }

    /// The Sinkhorn between candidate rows `candidates` and target rows `targets` (tarot.md §4);
    /// on `pool` for the final one (a fold's runs inside a step of the pool, so it passes none).
    static func sinkhorn(_ features: TAROTFeatures, candidates: [Int], targets: [Int], pool: WorkerPool? = nil) -> Sinkhorn.Output {
        let width = features.width
        var low = [Double](repeating: .infinity, count: width)
        var high = [Double](repeating: -.infinity, count: width)
        func widen(_ rows: [Double], _ index: Int) {
            for c in 0..<width {
                let v = rows[index * width + c]
                low[c] = min(low[c], v)
                high[c] = max(high[c], v)
            }
        }
        for i in candidates { widen(features.candidateRows, i) }
        for j in targets { widen(features.targetRows, j) }
        var s = 0.0
        for c in 0..<width { s += (high[c] - low[c]) * (high[c] - low[c]) }
        let m = features.m
        let problem = Sinkhorn(n: candidates.count, m: targets.count, diameter: s.squareRoot(), pool: pool) { a, b in
            features.inner[candidates[a] * m + targets[b]]
        }
        return problem.run(pool: pool)
    }
}
