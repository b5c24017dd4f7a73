/// The LLM settings of one exemplar request (its `generation` object over the server defaults).
/// Every field goes into the upstream request body, so the provider cache key covers all of them.
struct GenerationSettings: Sendable, Equatable {
    var temperature: Double
    /// Cap of the final answer.
    var maxTokens: Int
    /// Cap of the first (CoT) query.
    var cotMaxTokens: Int
    /// The request's own stop sequences (the `text` layout adds "\nQuestion:").
    var stop: [String] = []
    /// Passed through to the upstream when given.
    var seed: Int?

    init(_ defaults: GenerationDefaults) {
        temperature = defaults.temperature
        maxTokens = defaults.maxTokens
        cotMaxTokens = defaults.cotMaxTokens
    }
}
