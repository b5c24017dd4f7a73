/// The parameters of one exemplar request (docs/methods/exemplars.md §3); each re-ranker's parameter
/// takes its default from the re-ranker's declaration (`RerankerDescription.parameters`).
/// Every parameter is range-checked by `validate()`, also the ones the chosen re-ranker ignores.
public struct ExemplarOptions: Sendable, Equatable {
    public var reranker: ExemplarReranker
    public var k: Int
    /// `nil` means the re-ranker's default (`ExemplarReranker.defaultM`).
    public var m: Int?
    public var nComponents: Int
    public var sigma: Double
    public var lambda: Double
    public var seed: UInt64
    /// `hybrid`'s RRF constant c.
    public var rrfC: Double
    /// `dpp`'s relevance temperature.
    public var scaleFactor: Double
    /// The prompt budget in UTF-8 bytes (every method); `nil`: none.
    public var maxPromptBytes: Int?

    public init(
        reranker: ExemplarReranker = .lore, k: Int = 8, m: Int? = nil,
        nComponents: Int = LoreReranker.method.parameter("n_components").defaultInt,
        sigma: Double = GaussianReranker.method.parameter("sigma").defaultDouble,
        lambda: Double = MMRReranker.method.parameter("lambda").defaultDouble,
        seed: UInt64 = UInt64(RandomReranker.method.parameter("seed").defaultInt),
        rrfC: Double = HybridReranker.method.parameter("rrf_c").defaultDouble,
        scaleFactor: Double = DPPReranker.method.parameter("scale_factor").defaultDouble,
        maxPromptBytes: Int? = nil
    ) {
        self.reranker = reranker
        self.k = k
        self.m = m
        self.nComponents = nComponents
        self.sigma = sigma
        self.lambda = lambda
        self.seed = seed
        self.rrfC = rrfC
        self.scaleFactor = scaleFactor
        self.maxPromptBytes = maxPromptBytes
    }

    /// The requested first-stage size before capping at the filtered pool size.
    public var requestedM: Int { m ?? reranker.defaultM }

    /// Range checks of §3, in parameter order; errors name the parameter.
    public func validate() throws {
        guard k >= 0 else { throw SelectionError(.invalidBudget, "k must be >= 0, got \(k)", parameter: "k") }
        guard requestedM >= 1 else { throw SelectionError(.invalidParameter, "m must be >= 1, got \(requestedM)", parameter: "m") }
        guard nComponents >= 1 else {
            throw SelectionError(.invalidParameter, "n_components must be >= 1, got \(nComponents)", parameter: "n_components")
        }
        guard sigma.isFinite else { throw SelectionError(.nonFiniteInput, "sigma must be finite", parameter: "sigma") }
        guard sigma > 0 else { throw SelectionError(.invalidParameter, "sigma must be > 0, got \(sigma)", parameter: "sigma") }
        guard lambda.isFinite else { throw SelectionError(.nonFiniteInput, "lambda must be finite", parameter: "lambda") }
        guard lambda >= 0, lambda <= 1 else {
            throw SelectionError(.invalidParameter, "lambda must lie in [0, 1], got \(lambda)", parameter: "lambda")
        }
        guard rrfC.isFinite, rrfC >= 0 else {
            throw SelectionError(.invalidParameter, "rrf_c must be a finite number >= 0, got \(rrfC)", parameter: "rrf_c")
        }
        guard scaleFactor.isFinite, scaleFactor > 0 else {
            throw SelectionError(.invalidParameter, "scale_factor must be a finite number > 0, got \(scaleFactor)", parameter: "scale_factor")
        }
        if let b = maxPromptBytes, b < 1 {
            throw SelectionError(.invalidParameter, "max_prompt_bytes must be an integer >= 1 (or null for no budget), got \(b)", parameter: "max_prompt_bytes")
        }
    }
}
