/// Everything the service says about an exemplar re-ranker, declared once beside its code: its API
/// name (`method` of POST /v1/exemplars), the request fields it reads, its first stage. Request
/// parsing, `shortlist exemplars --help` and the openapi.yaml check read it.
public struct RerankerDescription: Sendable {
    public let name: String
    public let summary: String
    /// The request fields this re-ranker reads besides `k` and `m`. Every declared field is
    /// range-checked whichever re-ranker runs (docs/methods/exemplars.md §3), so each is declared once.
    public let parameters: [MethodParameter]
    /// `m` when the request gives none.
    public let defaultM: Int
    /// What it ranks from: the dense first stage, the whole pool, the question's bm25 ranking or both.
    public let input: RerankerInput
    /// false: each exemplar's `score` is null (`mgs` scores the subset, `random` nothing).
    public let scored: Bool

    public init(
        name: String, summary: String, parameters: [MethodParameter] = [], defaultM: Int = 64,
        input: RerankerInput = .firstStage, scored: Bool = true
    ) {
        self.name = name
        self.summary = summary
        self.parameters = parameters
        self.defaultM = defaultM
        self.input = input
        self.scored = scored
    }

    /// false: the re-ranker draws from the whole filtered pool (`random`) or from the bm25 ranking
    /// (`bm25`); `m` is only checked.
    public var usesFirstStage: Bool { input == .firstStage || input == .firstStageAndText }
    /// false: no query vector, pool vectors or embedder are involved (`bm25`).
    public var usesVectors: Bool { input != .text }
    /// true: the service computes the question's bm25 scores for it.
    public var usesText: Bool { input == .text || input == .firstStageAndText }

    /// The declared parameter `name`; a name the re-ranker does not declare is a programming error.
    public func parameter(_ name: String) -> MethodParameter {
        guard let p = parameters.first(where: { $0.name == name }) else { preconditionFailure("\(self.name) declares no parameter \(name)") }
        return p
    }
}
