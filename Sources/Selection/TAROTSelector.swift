import LinearAlgebra

/// TAROT (tarot.md): selection by entropic optimal transport in whitened feature space, either to
/// a fixed budget (`fixed_size`) or with a data-chosen size by cross-validation over the targets
/// (`otm`, when no budget is given). Returns a set, ascending, with Sinkhorn potentials as weights.
public enum TAROTSelector: Selector {
    public static let methodName = "tarot"
    public static let allowedParameters: Set<String> = ["last_layer", "ridge", "k_folds", "max_neighbors"]
    public static let requiresBudget = false
    static let defaultSeed: UInt64 = 42

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
        let features = try TAROTFeatures(input, weights: weights, ridge: options.ridge, control: control)
        let neighbours = try TAROTNeighbours(features, maxNeighbors: options.maxNeighbors, pool: pool, control: control)
        var outcome: TAROTOutcome
        if let count {
            outcome = try fixedSize(count, features: features, neighbours: neighbours, lastLayer: options.lastLayer, control: control)
        } else {
            outcome = try optimalTransportMode(
                features: features, neighbours: neighbours, kFolds: options.kFolds, seed: seed ?? defaultSeed, pool: pool,
                control: control)
        }
        let potentials = outcome.selected.isEmpty
            ? []
            : sinkhorn(features, candidates: outcome.selected, targets: Array(0..<features.m)).f
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
        let lastLayerName = try parameters.string("last_layer", default: LastLayer.maxPotential.rawValue)
        guard let lastLayer = LastLayer(rawValue: lastLayerName) else {
            throw SelectionError(.invalidParameter, "last_layer must be max_potential or min_potential, got \(lastLayerName)", parameter: "last_layer")
        }
        let ridge = try parameters.double("ridge", default: 1e-5)
        guard ridge >= 0 else { throw SelectionError(.invalidParameter, "ridge must be >= 0, got \(ridge)", parameter: "ridge") }
        let kFolds = try parameters.int("k_folds", default: 10)
        guard kFolds >= 1 else { throw SelectionError(.invalidParameter, "k_folds must be >= 1, got \(kFolds)", parameter: "k_folds") }
        let maxNeighbors = try parameters.int("max_neighbors", default: 2000)
        guard maxNeighbors >= 1 else {
            throw SelectionError(.invalidParameter, "max_neighbors must be >= 1, got \(maxNeighbors)", parameter: "max_neighbors")
        }
        return Options(lastLayer: lastLayer, ridge: ridge, kFolds: kFolds, maxNeighbors: maxNeighbors)
    }

    /// The Sinkhorn between candidate rows `candidates` and target rows `targets` (tarot.md §4).
    static func sinkhorn(_ features: TAROTFeatures, candidates: [Int], targets: [Int]) -> Sinkhorn.Output {
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
        let problem = Sinkhorn(n: candidates.count, m: targets.count, diameter: s.squareRoot()) { a, b in
            features.inner[candidates[a] * m + targets[b]]
        }
        return problem.run()
    }
}
