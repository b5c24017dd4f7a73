/// The parameters of one exemplar request (specs/exemplars.md §3); each re-ranker's parameter
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

    public init(
        reranker: ExemplarReranker = .lore, k: Int = 8, m: Int? = nil,
        nComponents: Int = LoreReranker.method.parameter("n_components").defaultInt,
        sigma: Double = GaussianReranker.method.parameter("sigma").defaultDouble,
        lambda: Double = MMRReranker.method.parameter("lambda").defaultDouble,
        seed: UInt64 = UInt64(RandomReranker.method.parameter("seed").defaultInt)
    ) {
        self.reranker = reranker
        self.k = k
        self.m = m
        self.nComponents = nComponents
        self.sigma = sigma
        self.lambda = lambda
        self.seed = seed
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
    }
}
