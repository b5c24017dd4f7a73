extension ExemplarOptions {
    /// The parameter names an exemplar request takes (the filter/exclusion travels separately):
    /// `reranker`, `k`, `m`, `max_prompt_bytes` and every parameter a re-ranker declares.
    public static var parameterNames: Set<String> { rerankerParameterNames.union(["reranker", "k", "m", "max_prompt_bytes"]) }

    /// The request fields the registered re-rankers declare.
    public static var rerankerParameterNames: Set<String> {
        Set(SelectionEngine.rerankers.flatMap { $0.method.parameters.map(\.name) })
    }

    /// Reads and validates options from JSON parameters named as in the spec; any other key is
    /// `unknown_parameter`.
    public init(parameters: Parameters) throws {
        try parameters.rejectUnknown(allowed: Self.parameterNames)
        let reranker = try ExemplarReranker.named(parameters.string("reranker", default: ExemplarReranker.lore.rawValue))
        let k = try Self.budget(parameters)
        let m: Int? = parameters.raw("m") == nil ? nil : try parameters.int("m", default: reranker.defaultM)
        let defaults = ExemplarOptions()
        self.init(
            reranker: reranker, k: k, m: m,
            nComponents: try parameters.int("n_components", default: defaults.nComponents),
            sigma: try parameters.double("sigma", default: defaults.sigma),
            lambda: try parameters.double("lambda", default: defaults.lambda),
            seed: try Self.seed(parameters, default: defaults.seed),
            rrfC: try parameters.double("rrf_c", default: defaults.rrfC),
            scaleFactor: try parameters.double("scale_factor", default: defaults.scaleFactor),
            maxPromptBytes: parameters.raw("max_prompt_bytes").flatMap { $0 == .null ? nil : $0 } == nil
                ? nil : try parameters.int("max_prompt_bytes", default: 0))
        try validate()
    }

    /// `k` must be an integer (specs README §2: otherwise `invalid_budget`).
    private static func budget(_ parameters: Parameters) throws -> Int {
        guard let v = parameters.raw("k") else { return 8 }
        guard let k = v.intValue else { throw SelectionError(.invalidBudget, "k must be an integer", parameter: "k") }
        return k
    }

    private static func seed(_ parameters: Parameters, default seed: UInt64) throws -> UInt64 {
        let s = try parameters.int("seed", default: Int(seed))
        guard s >= 0 else { throw SelectionError(.invalidParameter, "seed must be >= 0, got \(s)", parameter: "seed") }
        return UInt64(s)
    }
}
