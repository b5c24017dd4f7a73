extension ExemplarOptions {
    /// The parameter names an exemplar request takes (the filter/exclusion travels separately).
    public static let parameterNames: Set<String> = ["reranker", "k", "m", "n_components", "sigma", "lambda", "seed"]

    /// Reads and validates options from JSON parameters named as in the spec; any other key is
    /// `unknown_parameter`.
    public init(parameters: Parameters) throws {
        try parameters.rejectUnknown(allowed: Self.parameterNames)
        let reranker = try ExemplarReranker.named(parameters.string("reranker", default: ExemplarReranker.lore.rawValue))
        let k = try Self.budget(parameters)
        let m: Int? = parameters.raw("m") == nil ? nil : try parameters.int("m", default: reranker.defaultM)
        self.init(
            reranker: reranker, k: k, m: m,
            nComponents: try parameters.int("n_components", default: 128),
            sigma: try parameters.double("sigma", default: 0.5),
            lambda: try parameters.double("lambda", default: 0.5),
            seed: try Self.seed(parameters))
        try validate()
    }

    /// `k` must be an integer (specs README §2: otherwise `invalid_budget`).
    private static func budget(_ parameters: Parameters) throws -> Int {
        guard let v = parameters.raw("k") else { return 8 }
        guard let k = v.intValue else { throw SelectionError(.invalidBudget, "k must be an integer", parameter: "k") }
        return k
    }

    private static func seed(_ parameters: Parameters) throws -> UInt64 {
        let s = try parameters.int("seed", default: 0)
        guard s >= 0 else { throw SelectionError(.invalidParameter, "seed must be >= 0, got \(s)", parameter: "seed") }
        return UInt64(s)
    }
}
